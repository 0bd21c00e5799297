-- UNSAFE: the same column is assigned twice; PostgreSQL rejects it.
-- expect: ban-duplicate-column-assignments
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
UPDATE orders SET note = 'a', note = 'b' WHERE id = 1;
COMMIT;
