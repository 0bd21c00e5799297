-- UNSAFE: checks every column using the domain while blocking writes.
-- expect: ban-alter-domain-with-add-constraint
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_small CHECK (VALUE < 1000000);
COMMIT;
