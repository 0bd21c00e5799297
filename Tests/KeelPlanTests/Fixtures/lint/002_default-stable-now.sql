-- SAFE: now() is STABLE; PG11+ stores one value in the catalog (atthasmissing), no rewrite.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS seen_at timestamptz DEFAULT now();
COMMIT;
