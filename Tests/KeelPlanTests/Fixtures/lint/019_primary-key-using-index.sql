-- SAFE: build the unique index concurrently, prove NOT NULL with a validated check, then attach it as the primary key.
-- expect: unique-on-existing-data
SET lock_timeout = '1s';
SET statement_timeout = '10s';
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS settings_key_idx ON settings (key);
BEGIN;
ALTER TABLE settings ADD CONSTRAINT settings_key_not_null CHECK (key IS NOT NULL) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE settings VALIDATE CONSTRAINT settings_key_not_null;
COMMIT;
BEGIN;
ALTER TABLE settings ADD CONSTRAINT settings_pkey PRIMARY KEY USING INDEX settings_key_idx;
COMMIT;
