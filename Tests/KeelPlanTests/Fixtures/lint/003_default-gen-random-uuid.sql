-- UNSAFE: gen_random_uuid() is VOLATILE: rewrite under ACCESS EXCLUSIVE.
-- expect: adding-field-with-default
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS public_id uuid DEFAULT gen_random_uuid();
COMMIT;
