-- UNSAFE: varchar(200) -> varchar(20) must check every row: rewrite.
-- expect: changing-column-type, prefer-text-field
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN note TYPE varchar(20);
COMMIT;
