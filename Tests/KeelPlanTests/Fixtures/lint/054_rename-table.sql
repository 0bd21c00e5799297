-- UNSAFE: clients still use orders; a view and a foreign key depend on it.
-- expect: renaming-table
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders RENAME TO purchases;
COMMIT;
