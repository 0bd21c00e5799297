-- UNSAFE for clients: orders.placed_at has DEFAULT now() in the catalog; INSERTs that omit it now store NULL.
-- expect: ban-drop-default
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ALTER COLUMN placed_at DROP DEFAULT;
COMMIT;
