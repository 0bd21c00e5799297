-- SAFE: CONCURRENTLY, outside a transaction.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_placed_at_idx ON orders (placed_at);
