-- UNSAFE: a domain CHECK cannot be changed online later. A domain DEFAULT is fine.
-- expect: ban-create-domain-with-constraint
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE DOMAIN percent AS numeric CHECK (VALUE BETWEEN 0 AND 100);
CREATE DOMAIN counter AS bigint DEFAULT 0;
COMMIT;
