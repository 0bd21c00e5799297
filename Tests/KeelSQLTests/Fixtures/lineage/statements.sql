-- Statements that read or write no columns still get an entry with their kind.
-- schema: public.t: id

BEGIN
-- kind: begin
-- target: none

COMMIT
-- kind: commit

SET lock_timeout = '5s'
-- kind: set

VACUUM ANALYZE t
-- kind: vacuum

COMMENT ON TABLE t IS 'x'
-- kind: comment

GRANT SELECT ON t TO reader
-- kind: grant

TRUNCATE t
-- kind: truncate

DROP TABLE IF EXISTS t CASCADE
-- kind: drop-table

CREATE TYPE mood AS ENUM ('ok', 'sad')
-- kind: create-type

CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$
-- kind: create-function

EXPLAIN SELECT id FROM t
-- kind: explain

DO $$ BEGIN PERFORM 1; END $$
-- kind: do

ROLLBACK
-- kind: rollback

CREATE DOMAIN positive AS int CHECK (VALUE > 0)
-- kind: create-domain

ALTER TYPE mood ADD VALUE 'happy'
-- kind: alter-type

REINDEX INDEX CONCURRENTLY t_pkey
-- kind: reindex

CLUSTER t USING t_pkey
-- kind: cluster

CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()
-- kind: create-trigger

DROP INDEX CONCURRENTLY IF EXISTS idx
-- kind: drop-index

DROP VIEW IF EXISTS v
-- kind: drop-view

CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$
-- kind: create-procedure

CREATE SEQUENCE seq
-- kind: create-sequence

COPY t (id) FROM stdin
-- kind: copy
