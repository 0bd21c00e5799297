-- UNSAFE: DROP INDEX takes ACCESS EXCLUSIVE on accounts.
-- expect: require-concurrent-index-deletion
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
DROP INDEX IF EXISTS accounts_created_at_idx;
COMMIT;
