-- SAFE with the catalog: varchar(50) -> varchar(100) is binary-coercible (catalog-only). Keel only repeats the text-field advice.
-- expect: prefer-text-field
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN email TYPE varchar(100);
COMMIT;
