-- UNSAFE: SET LOCAL outside a transaction block has no effect (PostgreSQL only warns), so the ALTER runs without timeouts.
-- expect: require-lock-timeout, require-statement-timeout
SET LOCAL lock_timeout = '1s';
SET LOCAL statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
COMMIT;
