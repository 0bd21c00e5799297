-- SAFE: a constant default is catalog-only on PG11+, even with NOT NULL.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS priority bigint NOT NULL DEFAULT 0;
COMMIT;
