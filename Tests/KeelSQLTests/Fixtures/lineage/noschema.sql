-- No metadata: columns are still traced to the relation the SQL names; `*` over an unknown table stays `*`.
-- schema: none

SELECT a, b FROM t
-- col a: public.t.a DIRECT IDENTITY
-- col b: public.t.b DIRECT IDENTITY

SELECT * FROM t
-- col *: public.t.* DIRECT IDENTITY
-- warning: bind.unknown-table

SELECT x.a FROM (SELECT * FROM t) x
-- col a: public.t.a DIRECT IDENTITY
-- warning: bind.unknown-table

SELECT t.a, u.b FROM t JOIN u ON t.id = u.id
-- col a: public.t.a DIRECT IDENTITY
-- col b: public.u.b DIRECT IDENTITY
-- indirect: public.t.id JOIN, public.u.id JOIN

SELECT a FROM t JOIN u ON t.id = u.id
-- col a:
-- indirect: public.t.id JOIN, public.u.id JOIN
-- warning: bind.unresolved-column

SELECT a FROM s.t
-- col a: s.t.a DIRECT IDENTITY

INSERT INTO target (x) SELECT a FROM src WHERE flag
-- target: public.target
-- col x: public.src.a DIRECT IDENTITY
-- indirect: public.src.flag FILTER

INSERT INTO target SELECT a, b AS renamed FROM src
-- target: public.target
-- col a: public.src.a DIRECT IDENTITY
-- col renamed: public.src.b DIRECT IDENTITY
-- warning: lineage.unknown-target-columns

UPDATE target SET x = src.a FROM src WHERE src.id = target.id
-- target: public.target
-- col x: public.src.a DIRECT IDENTITY
-- indirect: public.src.id FILTER, public.target.id FILTER

WITH c AS (SELECT a, b FROM t) SELECT b FROM c
-- col b: public.t.b DIRECT IDENTITY

SELECT "Mixed Case" FROM "My Table"
-- col Mixed Case: public."My Table".Mixed Case DIRECT IDENTITY

SELECT a FROM "Schema"."Table"
-- col a: "Schema"."Table".a DIRECT IDENTITY

SELECT "select" FROM "from"
-- col select: public."from".select DIRECT IDENTITY

SELECT ÿ FROM tablé
-- col ÿ: public."tablé".ÿ DIRECT IDENTITY
