-- UNSAFE: a validated FK blocks writes to both tables while it scans orders.
-- expect: adding-foreign-key-constraint, constraint-missing-not-valid
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
COMMIT;
