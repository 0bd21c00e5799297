-- UNSAFE: integer -> bigint is not binary-coercible: rewrite of 2,000,000 rows and every index.
-- expect: changing-column-type
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN score TYPE bigint;
COMMIT;
