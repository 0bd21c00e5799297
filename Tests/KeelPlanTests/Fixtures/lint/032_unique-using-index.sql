-- SAFE: build the unique index concurrently, then attach it.
-- expect: unique-on-existing-data
SET lock_timeout = '1s';
SET statement_timeout = '10s';
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_code_idx ON orders (code);
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_idx;
COMMIT;
