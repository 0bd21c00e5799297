-- SAFE: DETACH ... CONCURRENTLY (PG14+), outside a transaction.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;
