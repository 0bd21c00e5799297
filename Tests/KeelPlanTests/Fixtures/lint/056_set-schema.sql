-- UNSAFE: clients that write public.settings break.
-- expect: ban-set-schema
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE settings SET SCHEMA config;
COMMIT;
