-- UNSAFE: each DROP breaks whatever uses the object.
-- expect: ban-drop-schema, ban-drop-view, ban-drop-function, ban-drop-type, ban-drop-sequence, ban-drop-domain, ban-drop-extension
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
DROP SCHEMA IF EXISTS reporting;
DROP VIEW IF EXISTS account_emails;
DROP FUNCTION IF EXISTS next_ticket();
DROP TYPE IF EXISTS account_status;
DROP SEQUENCE IF EXISTS ticket_seq;
DROP DOMAIN IF EXISTS positive_amount;
DROP EXTENSION IF EXISTS pg_trgm;
COMMIT;
