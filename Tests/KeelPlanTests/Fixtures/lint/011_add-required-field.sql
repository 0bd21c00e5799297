-- UNSAFE: NOT NULL without a default fails on a table with rows.
-- expect: adding-required-field
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS tier text NOT NULL;
COMMIT;
