-- UNSAFE for clients: the column stops following its inputs.
-- expect: ban-drop-generated-expression
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE orders ALTER COLUMN total DROP EXPRESSION;
COMMIT;
