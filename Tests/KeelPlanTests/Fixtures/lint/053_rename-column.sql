-- UNSAFE: clients (and the view account_emails) still use email.
-- expect: renaming-column
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts RENAME COLUMN email TO email_address;
COMMIT;
