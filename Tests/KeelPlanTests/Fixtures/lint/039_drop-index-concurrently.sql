-- SAFE: DROP INDEX CONCURRENTLY, outside a transaction.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
DROP INDEX CONCURRENTLY IF EXISTS accounts_created_at_idx;
