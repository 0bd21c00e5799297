-- SAFE by decision: the contract step drops a column no consumer reads any more, and says so.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
-- keel-ignore ban-drop-column -- contract phase, lineage shows no readers
-- squawk-ignore ban-drop-column
ALTER TABLE orders DROP COLUMN IF EXISTS total;
COMMIT;
