-- UNSAFE: the second BEGIN does nothing; the first COMMIT ends both.
-- expect: transaction-nesting
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
BEGIN;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
COMMIT;
