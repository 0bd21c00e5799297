-- UNSAFE: CREATE INDEX CONCURRENTLY cannot run inside BEGIN ... COMMIT: the migration fails.
-- expect: ban-concurrent-index-creation-in-transaction
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
COMMIT;
