-- SAFE: the scratch table is created and dropped in this file.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE TABLE IF NOT EXISTS scratch_ids (id bigint);
INSERT INTO scratch_ids (id) SELECT id FROM accounts WHERE score > 10;
DROP TABLE IF EXISTS scratch_ids;
COMMIT;
