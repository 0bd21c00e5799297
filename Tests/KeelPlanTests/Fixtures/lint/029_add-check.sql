-- UNSAFE: a CHECK without NOT VALID scans orders under ACCESS EXCLUSIVE.
-- expect: constraint-missing-not-valid
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);
COMMIT;
