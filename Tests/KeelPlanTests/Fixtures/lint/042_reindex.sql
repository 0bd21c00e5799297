-- UNSAFE: REINDEX blocks writes while it rebuilds.
-- expect: require-concurrent-reindex
SET lock_timeout = '1s';
SET statement_timeout = '10s';
REINDEX TABLE orders;
