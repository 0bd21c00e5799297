-- SAFE with the catalog: pg_proc says app_default_region() is IMMUTABLE, so no rewrite (Squawk cannot know).
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS region text DEFAULT app_default_region();
COMMIT;
