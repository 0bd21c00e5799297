-- UNSAFE: a stored generated column is computed for every existing row: rewrite.
-- expect: adding-field-with-default
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS amount_cents bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED;
COMMIT;
