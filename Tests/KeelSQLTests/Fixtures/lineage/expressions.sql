-- Expressions: CASE, casts, typed literals, arrays, JSON, subscripts, row constructors, collations.
-- schema: public.e: id, a, b, c, arr, doc, ts, name, flag

SELECT CASE a WHEN 1 THEN b WHEN 2 THEN c END AS v FROM e
-- col v: public.e.b DIRECT TRANSFORMATION, public.e.c DIRECT TRANSFORMATION, public.e.a INDIRECT CONDITIONAL

SELECT CASE WHEN flag THEN 'y' ELSE 'n' END AS yn FROM e
-- col yn: public.e.flag INDIRECT CONDITIONAL

SELECT CASE WHEN a > 0 THEN a ELSE -a END AS absolute FROM e
-- col absolute: public.e.a DIRECT TRANSFORMATION, public.e.a INDIRECT CONDITIONAL

SELECT CASE WHEN a > 0 THEN CASE WHEN b > 0 THEN c END END AS nested FROM e
-- col nested: public.e.c DIRECT TRANSFORMATION, public.e.a INDIRECT CONDITIONAL, public.e.b INDIRECT CONDITIONAL

SELECT coalesce(a, b, 0) AS v FROM e
-- col v: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION

SELECT nullif(a, 0) AS v FROM e
-- col v: public.e.a DIRECT TRANSFORMATION

SELECT greatest(a, b), least(b, c) FROM e
-- col greatest: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION
-- col least: public.e.b DIRECT TRANSFORMATION, public.e.c DIRECT TRANSFORMATION

SELECT a::int, b::varchar(10), c::numeric(10, 2)[] FROM e
-- col a: public.e.a DIRECT TRANSFORMATION
-- col b: public.e.b DIRECT TRANSFORMATION
-- col c: public.e.c DIRECT TRANSFORMATION

SELECT 1::int AS one, DATE '2024-01-01' AS d, INTERVAL '1 day' AS i
-- col one:
-- col d:
-- col i:

SELECT date '2024-01-01'
-- col date:

SELECT ts + INTERVAL '1 hour' AS later FROM e
-- col later: public.e.ts DIRECT TRANSFORMATION

SELECT extract(year FROM ts) AS y, date_trunc('month', ts) AS m FROM e
-- col y: public.e.ts DIRECT TRANSFORMATION
-- col m: public.e.ts DIRECT TRANSFORMATION

SELECT extract(epoch FROM ts) FROM e
-- col extract: public.e.ts DIRECT TRANSFORMATION

SELECT ts AT TIME ZONE 'UTC' AS utc FROM e
-- col utc: public.e.ts DIRECT TRANSFORMATION

SELECT name COLLATE "C" AS n FROM e
-- col n: public.e.name DIRECT TRANSFORMATION

SELECT arr[1] AS first, arr[2:3] AS mid FROM e
-- col first: public.e.arr DIRECT TRANSFORMATION
-- col mid: public.e.arr DIRECT TRANSFORMATION

SELECT arr[a] FROM e
-- col arr: public.e.arr DIRECT TRANSFORMATION, public.e.a DIRECT TRANSFORMATION

SELECT ARRAY[a, b] AS pair, ARRAY[]::int[] AS empty FROM e
-- col pair: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION
-- col empty:

SELECT doc -> 'k' AS j, doc ->> 'k' AS t, doc #>> '{a,b}' AS p FROM e
-- col j: public.e.doc DIRECT TRANSFORMATION
-- col t: public.e.doc DIRECT TRANSFORMATION
-- col p: public.e.doc DIRECT TRANSFORMATION

SELECT id FROM e WHERE doc @> '{"x": 1}' AND doc ? 'y' AND arr && ARRAY[1]
-- col id: public.e.id DIRECT IDENTITY
-- indirect: public.e.doc FILTER, public.e.arr FILTER

SELECT ROW(a, b) AS r, (a, b) AS r2 FROM e
-- col r: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION
-- col r2: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION

SELECT id FROM e WHERE (a, b) = (1, 2)
-- col id: public.e.id DIRECT IDENTITY
-- indirect: public.e.a FILTER, public.e.b FILTER

SELECT id FROM e WHERE (a, b) IN (SELECT a, b FROM e WHERE flag)
-- col id: public.e.id DIRECT IDENTITY
-- indirect: public.e.a FILTER, public.e.b FILTER, public.e.flag FILTER

SELECT a = ANY (arr) AS inarr FROM e
-- col inarr: public.e.a DIRECT TRANSFORMATION, public.e.arr DIRECT TRANSFORMATION

SELECT a IS DISTINCT FROM b AS differs FROM e
-- col differs: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION

SELECT NOT flag AS off, -a AS neg FROM e
-- col off: public.e.flag DIRECT TRANSFORMATION
-- col neg: public.e.a DIRECT TRANSFORMATION

SELECT a + $1 AS shifted FROM e
-- col shifted: public.e.a DIRECT TRANSFORMATION

SELECT substring(name FROM 1 FOR 3) AS s, position('x' IN name) AS p, trim(BOTH ' ' FROM name) AS t FROM e
-- col s: public.e.name DIRECT TRANSFORMATION
-- col p: public.e.name DIRECT TRANSFORMATION
-- col t: public.e.name DIRECT TRANSFORMATION

SELECT overlay(name PLACING 'x' FROM 2 FOR 1) FROM e
-- col overlay: public.e.name DIRECT TRANSFORMATION

SELECT name SIMILAR TO 'a%' AS sim FROM e
-- col sim: public.e.name DIRECT TRANSFORMATION

SELECT a BETWEEN SYMMETRIC b AND c AS inside FROM e
-- col inside: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION, public.e.c DIRECT TRANSFORMATION

SELECT a OPERATOR(pg_catalog.+) b AS sum2 FROM e
-- col sum2: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION

SELECT (doc).x FROM e
-- col x: public.e.doc DIRECT TRANSFORMATION

SELECT e.name::text || e.id AS label FROM e
-- col label: public.e.name DIRECT TRANSFORMATION, public.e.id DIRECT TRANSFORMATION

SELECT format('%s-%s', a, b) AS f FROM e
-- col f: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION

SELECT jsonb_build_object('a', a, 'b', b) AS obj FROM e
-- col obj: public.e.a DIRECT TRANSFORMATION, public.e.b DIRECT TRANSFORMATION

SELECT a FROM e WHERE name ~ '^x' AND name !~* 'y'
-- col a: public.e.a DIRECT IDENTITY
-- indirect: public.e.name FILTER

SELECT a FROM e WHERE b IS NULL OR c ISNULL OR flag IS TRUE
-- col a: public.e.a DIRECT IDENTITY
-- indirect: public.e.b FILTER, public.e.c FILTER, public.e.flag FILTER

SELECT CAST(NULL AS text) AS nothing
-- col nothing:

SELECT a FROM e WHERE ts > now() - INTERVAL '7 days'
-- col a: public.e.a DIRECT IDENTITY
-- indirect: public.e.ts FILTER

SELECT (SELECT b FROM e e2 WHERE e2.id = e.id) + a AS mix FROM e
-- col mix: public.e.b DIRECT TRANSFORMATION, public.e.a DIRECT TRANSFORMATION, public.e.id INDIRECT FILTER

SELECT CASE WHEN EXISTS (SELECT 1 FROM e e2 WHERE e2.a = e.b) THEN c END AS cc FROM e
-- col cc: public.e.c DIRECT TRANSFORMATION, public.e.a INDIRECT CONDITIONAL, public.e.b INDIRECT CONDITIONAL
