-- UNSAFE: numeric(10,2) -> numeric(10,3) changes the scale: rewrite.
-- expect: changing-column-type
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(10,3);
COMMIT;
