-- UNSAFE: bigserial means DEFAULT nextval(...), a volatile default: rewrite. (Squawk only says prefer-identity.)
-- expect: adding-field-with-default, prefer-identity
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE settings ADD COLUMN IF NOT EXISTS seq bigserial;
COMMIT;
