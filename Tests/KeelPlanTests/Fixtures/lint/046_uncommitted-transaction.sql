-- UNSAFE: the transaction is never committed.
-- expect: ban-uncommitted-transaction
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
