-- UNSAFE: validating in the same transaction keeps the ADD's ACCESS EXCLUSIVE lock through the scan.
-- expect: constraint-missing-not-valid
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;
COMMIT;
