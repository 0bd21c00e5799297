-- UNSAFE: an identity column numbers every existing row: rewrite.
-- expect: adding-field-with-default
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE settings ADD COLUMN IF NOT EXISTS id bigint GENERATED ALWAYS AS IDENTITY;
COMMIT;
