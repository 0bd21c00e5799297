-- UNSAFE: REFRESH without CONCURRENTLY blocks the view's readers.
-- expect: require-concurrent-refresh
SET lock_timeout = '1s';
SET statement_timeout = '10s';
REFRESH MATERIALIZED VIEW daily_totals;
