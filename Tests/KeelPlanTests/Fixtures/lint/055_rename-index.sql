-- UNSAFE: code that names the index breaks.
-- expect: renaming-object
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER INDEX orders_account_id_idx RENAME TO orders_account_idx;
COMMIT;
