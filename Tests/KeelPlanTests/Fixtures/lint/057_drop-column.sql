-- UNSAFE: destroys data; the view account_emails reads the column.
-- expect: ban-drop-column
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts DROP COLUMN IF EXISTS legacy_code;
ALTER TABLE accounts DROP COLUMN IF EXISTS email CASCADE;
COMMIT;
