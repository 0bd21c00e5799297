-- UNSAFE: destroys data; orders has a foreign key to accounts.
-- expect: ban-drop-table
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
DROP TABLE IF EXISTS accounts;
COMMIT;
