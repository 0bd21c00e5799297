-- SAFE with the catalog: varchar(200) -> text is binary-coercible.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN note TYPE text;
COMMIT;
