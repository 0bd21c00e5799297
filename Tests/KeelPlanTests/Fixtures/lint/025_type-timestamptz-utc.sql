-- SAFE with the catalog: timestamp -> timestamptz skips the rewrite on PG12+ when TimeZone is UTC (the catalog says UTC).
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamptz;
COMMIT;
