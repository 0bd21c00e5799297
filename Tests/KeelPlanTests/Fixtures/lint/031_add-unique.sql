-- UNSAFE: ADD UNIQUE builds its index under ACCESS EXCLUSIVE.
-- expect: disallowed-unique-constraint, unique-on-existing-data
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);
COMMIT;
