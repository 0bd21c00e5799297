-- SAFE with the catalog: audit_log is empty (row estimate 0), so the rewrite costs nothing.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS nonce double precision DEFAULT random();
COMMIT;
