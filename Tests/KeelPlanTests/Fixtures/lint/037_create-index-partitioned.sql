-- UNSAFE: events is partitioned, where CONCURRENTLY is not even allowed: build per partition and attach.
-- expect: require-concurrent-index-creation
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE INDEX IF NOT EXISTS events_kind_idx ON events (kind);
COMMIT;
