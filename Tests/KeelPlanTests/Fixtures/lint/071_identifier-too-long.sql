-- UNSAFE: the name is longer than 63 bytes and would be silently truncated.
-- expect: identifier-too-long
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE TABLE IF NOT EXISTS customer_lifetime_value_snapshots_partitioned_by_month_and_region (id bigint);
COMMIT;
