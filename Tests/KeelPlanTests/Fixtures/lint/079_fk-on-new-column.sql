-- UNSAFE: REFERENCES on an added column takes SHARE ROW EXCLUSIVE on both tables.
-- expect: adding-foreign-key-constraint
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS referrer_id bigint REFERENCES accounts (id);
COMMIT;
