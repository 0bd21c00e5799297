-- SAFE: SET LOCAL inside the transaction covers the ALTER.
-- expect: 
BEGIN;
SET LOCAL lock_timeout = '1s';
SET LOCAL statement_timeout = '10s';
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
COMMIT;
