-- UNSAFE: ADD PRIMARY KEY builds the index under ACCESS EXCLUSIVE and scans for NULLs.
-- expect: adding-serial-primary-key-field, adding-not-nullable-field, unique-on-existing-data
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE settings ALTER COLUMN key SET NOT NULL;
ALTER TABLE settings ADD CONSTRAINT settings_pkey PRIMARY KEY (key);
COMMIT;
