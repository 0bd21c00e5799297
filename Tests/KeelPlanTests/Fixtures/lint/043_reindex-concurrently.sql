-- SAFE: REINDEX CONCURRENTLY (PG12+).
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
REINDEX TABLE CONCURRENTLY orders;
