-- SAFE with the catalog: numeric(10,2) -> numeric(14,2) keeps the scale: no rewrite.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(14,2);
COMMIT;
