-- UNSAFE: CASCADE also empties orders, which references accounts.
-- expect: ban-truncate-cascade
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
TRUNCATE accounts CASCADE;
COMMIT;
