-- UNSAFE for data: dropping the foreign key lets orphan orders in (Atlas CD101).
-- expect: ban-drop-constraint
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_account_id_fkey;
COMMIT;
