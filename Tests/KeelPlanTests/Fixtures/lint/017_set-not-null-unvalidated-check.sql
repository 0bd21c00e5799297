-- UNSAFE: the catalog's CHECK (status IS NOT NULL) is NOT VALID, so it proves nothing: full scan.
-- expect: adding-not-nullable-field
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN status SET NOT NULL;
COMMIT;
