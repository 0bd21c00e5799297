-- UNSAFE for clients: NULLs can now reach readers that assume none.
-- expect: ban-drop-not-null
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN nickname DROP NOT NULL;
COMMIT;
