-- SAFE with the catalog: audit_log is empty, so a plain build is instant.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE INDEX IF NOT EXISTS audit_log_payload_idx ON audit_log USING gin (payload);
COMMIT;
