-- SAFE with the catalog: accounts has a validated CHECK (email IS NOT NULL), so SET NOT NULL skips the scan (PG12+).
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
COMMIT;
