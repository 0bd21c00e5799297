-- UNSAFE to rerun: outside a transaction, a failure half way leaves steps that fail when retried.
-- expect: prefer-robust-stmts
SET lock_timeout = '1s';
SET statement_timeout = '10s';
CREATE TABLE promo (id bigint);
ALTER TABLE promo ADD COLUMN code text;
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
