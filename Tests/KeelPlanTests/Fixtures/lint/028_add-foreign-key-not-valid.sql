-- SAFE: NOT VALID first, VALIDATE in its own transaction (SHARE UPDATE EXCLUSIVE).
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT orders_account_fk;
COMMIT;
