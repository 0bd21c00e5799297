-- UNSAFE: random() is VOLATILE, so every existing row gets its own value: a full rewrite.
-- expect: adding-field-with-default
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS sample double precision DEFAULT random();
COMMIT;
