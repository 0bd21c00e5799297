-- SAFE: a new table with a foreign key locks accounts only briefly and scans nothing.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE TABLE IF NOT EXISTS account_notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), body text);
CREATE INDEX IF NOT EXISTS account_notes_account_id_idx ON account_notes (account_id);
COMMIT;
