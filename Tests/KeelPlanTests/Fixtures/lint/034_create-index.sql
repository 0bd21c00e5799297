-- UNSAFE: a plain CREATE INDEX blocks writes to orders for the whole build.
-- expect: require-concurrent-index-creation
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE INDEX IF NOT EXISTS orders_placed_at_idx ON orders (placed_at);
COMMIT;
