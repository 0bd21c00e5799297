-- UNSAFE: DETACH takes ACCESS EXCLUSIVE on the parent.
-- expect: require-concurrent-partition-detach
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE events DETACH PARTITION events_2024;
COMMIT;
