-- UPDATE: SET lists, row-form SET, FROM, WHERE, subscripts, RETURNING.
-- schema: public.t: id, c, d, arr, total
-- schema: public.s: id, a, b

UPDATE t SET c = 1
-- kind: update
-- target: public.t
-- col c:

UPDATE t SET c = d + 1 WHERE id = 5
-- col c: public.t.d DIRECT TRANSFORMATION
-- indirect: public.t.id FILTER

UPDATE t SET c = c * 2
-- col c: public.t.c DIRECT TRANSFORMATION

UPDATE t SET c = s.a, d = s.b FROM s WHERE s.id = t.id
-- col c: public.s.a DIRECT IDENTITY
-- col d: public.s.b DIRECT IDENTITY
-- indirect: public.s.id FILTER, public.t.id FILTER

UPDATE t AS x SET c = y.a FROM s AS y WHERE y.id = x.id AND y.b > 0
-- col c: public.s.a DIRECT IDENTITY
-- indirect: public.s.id FILTER, public.t.id FILTER, public.s.b FILTER

UPDATE t SET (c, d) = (d, c)
-- col c: public.t.d DIRECT IDENTITY
-- col d: public.t.c DIRECT IDENTITY

UPDATE t SET (c, d) = ROW(1, id)
-- col c:
-- col d: public.t.id DIRECT IDENTITY

UPDATE t SET (c, d) = (SELECT a, b FROM s WHERE s.id = t.id)
-- col c: public.s.a DIRECT IDENTITY, public.s.id INDIRECT FILTER, public.t.id INDIRECT FILTER
-- col d: public.s.b DIRECT IDENTITY, public.s.id INDIRECT FILTER, public.t.id INDIRECT FILTER

UPDATE t SET total = (SELECT sum(a) FROM s WHERE s.id = t.id)
-- col total: public.s.a DIRECT AGGREGATION, public.s.id INDIRECT FILTER, public.t.id INDIRECT FILTER

UPDATE t SET arr[1] = c
-- col arr: public.t.c DIRECT TRANSFORMATION, public.t.arr DIRECT TRANSFORMATION

UPDATE t SET c = DEFAULT, d = NULL
-- col c:
-- col d:

UPDATE ONLY t SET c = 'x' WHERE d IN (SELECT b FROM s)
-- col c:
-- indirect: public.t.d FILTER, public.s.b FILTER

UPDATE t SET c = s.a FROM s JOIN t AS t2 ON t2.id = s.id WHERE t.id = s.id
-- col c: public.s.a DIRECT IDENTITY
-- indirect: public.t.id JOIN, public.s.id JOIN, public.t.id FILTER, public.s.id FILTER

WITH m AS (SELECT id, max(a) AS top FROM s GROUP BY id) UPDATE t SET c = m.top FROM m WHERE m.id = t.id
-- col c: public.s.a DIRECT AGGREGATION
-- indirect: public.s.id GROUP_BY, public.s.id FILTER, public.t.id FILTER

UPDATE t SET c = CASE WHEN d > 0 THEN 'pos' ELSE 'neg' END RETURNING id, c
-- col c: public.t.d INDIRECT CONDITIONAL

UPDATE t SET missing = 1
-- col missing:
-- error: lineage.target-mismatch

UPDATE t SET c = nope
-- col c:
-- error: bind.unknown-column
