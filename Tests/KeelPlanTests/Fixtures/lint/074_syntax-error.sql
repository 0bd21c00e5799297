-- UNSAFE: the ALTER does not parse; Keel reports it and still checks the other statements.
-- expect: syntax-error
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD COLUMN;
COMMIT;
