-- SAFE: NOT NULL with a constant default is catalog-only on PG11+.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS tier text NOT NULL DEFAULT 'free';
COMMIT;
