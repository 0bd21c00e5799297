-- SAFE: the documented recipe, CHECK NOT VALID, VALIDATE in its own transaction, SET NOT NULL, then drop the helper check.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_code_not_null CHECK (code IS NOT NULL) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT orders_code_not_null;
COMMIT;
BEGIN;
ALTER TABLE orders ALTER COLUMN code SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_code_not_null;
COMMIT;
