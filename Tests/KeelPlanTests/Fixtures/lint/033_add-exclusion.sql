-- UNSAFE: EXCLUDE builds its index under ACCESS EXCLUSIVE and has no online path.
-- expect: adding-exclusion-constraint
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_no_overlap EXCLUDE USING gist (account_id WITH =, placed_at WITH =);
COMMIT;
