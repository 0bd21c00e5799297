-- UNSAFE: SET NOT NULL scans orders under ACCESS EXCLUSIVE; no validated CHECK proves it.
-- expect: adding-not-nullable-field
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
COMMIT;
