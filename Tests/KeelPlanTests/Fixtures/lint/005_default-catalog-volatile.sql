-- UNSAFE: pg_proc says next_ticket() is VOLATILE.
-- expect: adding-field-with-default
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS ticket bigint DEFAULT next_ticket();
COMMIT;
