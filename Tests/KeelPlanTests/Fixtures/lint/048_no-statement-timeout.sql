-- UNSAFE: lock_timeout is set but statement_timeout is not.
-- expect: require-statement-timeout
SET lock_timeout = '1s';
BEGIN;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
COMMIT;
