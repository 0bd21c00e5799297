-- FROM: every join type, LATERAL, USING, NATURAL, derived tables, VALUES, set-returning functions.
-- schema: public.a: id, x, k
-- schema: public.b: id, y, k
-- schema: public.c: id, z
-- schema: public.t: id, tags, n, payload

SELECT a.x, b.y FROM a LEFT JOIN b ON a.k = b.k
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.k JOIN, public.b.k JOIN

SELECT a.x, b.y FROM a RIGHT OUTER JOIN b ON a.k = b.k
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.k JOIN, public.b.k JOIN

SELECT a.x, b.y FROM a FULL JOIN b ON a.k = b.k AND b.y > 0
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.k JOIN, public.b.k JOIN, public.b.y JOIN

SELECT x, y FROM a CROSS JOIN b
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY

SELECT x, y FROM a, b WHERE a.k = b.k
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.k FILTER, public.b.k FILTER

SELECT x, y, z FROM a JOIN b ON a.k = b.k JOIN c ON c.id = b.id
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- col z: public.c.z DIRECT IDENTITY
-- indirect: public.a.k JOIN, public.b.k JOIN, public.c.id JOIN, public.b.id JOIN

SELECT id, x, y FROM a JOIN b USING (id)
-- col id: public.a.id DIRECT IDENTITY
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.id JOIN, public.b.id JOIN

SELECT id FROM a RIGHT JOIN b USING (id)
-- col id: public.b.id DIRECT IDENTITY
-- indirect: public.a.id JOIN, public.b.id JOIN

SELECT id FROM a FULL JOIN b USING (id)
-- col id: public.a.id DIRECT TRANSFORMATION, public.b.id DIRECT TRANSFORMATION
-- indirect: public.a.id JOIN, public.b.id JOIN

SELECT * FROM a JOIN b USING (id, k)
-- col id: public.a.id DIRECT IDENTITY
-- col k: public.a.k DIRECT IDENTITY
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.id JOIN, public.b.id JOIN, public.a.k JOIN, public.b.k JOIN

SELECT * FROM a NATURAL JOIN b
-- col id: public.a.id DIRECT IDENTITY
-- col k: public.a.k DIRECT IDENTITY
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.id JOIN, public.b.id JOIN, public.a.k JOIN, public.b.k JOIN

SELECT a.id, b.id FROM a JOIN b USING (id)
-- col id: public.a.id DIRECT IDENTITY
-- col id: public.b.id DIRECT IDENTITY
-- indirect: public.a.id JOIN, public.b.id JOIN

SELECT j.x FROM (a JOIN b USING (id)) AS j
-- col x: public.a.x DIRECT IDENTITY
-- indirect: public.a.id JOIN, public.b.id JOIN

SELECT x FROM (a JOIN b ON a.k = b.k)
-- col x: public.a.x DIRECT IDENTITY
-- indirect: public.a.k JOIN, public.b.k JOIN

SELECT d.total FROM (SELECT k, sum(x) AS total FROM a GROUP BY k) d
-- col total: public.a.x DIRECT AGGREGATION
-- indirect: public.a.k GROUP_BY

SELECT d.u, d.v FROM (SELECT x, y FROM a JOIN b ON a.k = b.k) AS d(u, v)
-- col u: public.a.x DIRECT IDENTITY
-- col v: public.b.y DIRECT IDENTITY
-- indirect: public.a.k JOIN, public.b.k JOIN

SELECT p, q FROM a AS r(p, q)
-- col p: public.a.id DIRECT IDENTITY
-- col q: public.a.x DIRECT IDENTITY

SELECT r.k FROM a AS r(p)
-- col k: public.a.k DIRECT IDENTITY

SELECT a.x, l.y FROM a, LATERAL (SELECT b.y FROM b WHERE b.k = a.k ORDER BY b.id LIMIT 1) l
-- col x: public.a.x DIRECT IDENTITY
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.b.k FILTER, public.a.k FILTER, public.b.id SORT

SELECT a.x, l.m FROM a CROSS JOIN LATERAL (SELECT max(b.y) AS m FROM b WHERE b.k = a.k) l
-- col x: public.a.x DIRECT IDENTITY
-- col m: public.b.y DIRECT AGGREGATION
-- indirect: public.b.k FILTER, public.a.k FILTER

SELECT a.x, l.m FROM a LEFT JOIN LATERAL (SELECT b.y AS m FROM b WHERE b.k = a.k) l ON true
-- col x: public.a.x DIRECT IDENTITY
-- col m: public.b.y DIRECT IDENTITY
-- indirect: public.b.k FILTER, public.a.k FILTER

SELECT v.n, v.label FROM (VALUES (1, 'one'), (2, 'two')) AS v(n, label)
-- col n:
-- col label:

SELECT v.column1 FROM (VALUES (1), (2)) v
-- col column1:

SELECT t.id, tag FROM t, unnest(t.tags) AS tag
-- col id: public.t.id DIRECT IDENTITY
-- col tag: public.t.tags DIRECT TRANSFORMATION

SELECT u.tag, u.ordinality FROM t, unnest(t.tags) WITH ORDINALITY AS u(tag)
-- col tag: public.t.tags DIRECT TRANSFORMATION
-- col ordinality:

SELECT u.tag, u.pos FROM t CROSS JOIN LATERAL unnest(t.tags) WITH ORDINALITY AS u(tag, pos)
-- col tag: public.t.tags DIRECT TRANSFORMATION
-- col pos:

SELECT g FROM generate_series(1, 10) AS g
-- col g:

SELECT g.i FROM t, generate_series(1, t.n) AS g(i)
-- col i: public.t.n DIRECT TRANSFORMATION

SELECT generate_series FROM generate_series(1, 3)
-- col generate_series:

SELECT r.a, r.b FROM t, jsonb_to_record(t.payload) AS r(a int, b text)
-- col a: public.t.payload DIRECT TRANSFORMATION
-- col b: public.t.payload DIRECT TRANSFORMATION

SELECT f.x, f.y FROM ROWS FROM (unnest(ARRAY[1, 2]), unnest(ARRAY['a'])) AS f(x, y)
-- col x:
-- col y:

SELECT e.key, e.value FROM t, jsonb_each(t.payload) e
-- col key: public.t.payload DIRECT TRANSFORMATION
-- col value: public.t.payload DIRECT TRANSFORMATION

SELECT value FROM t, jsonb_array_elements(t.payload)
-- col value: public.t.payload DIRECT TRANSFORMATION

SELECT f.anything FROM t, my_function(t.n) AS f
-- col anything: public.t.n DIRECT TRANSFORMATION

SELECT x FROM ONLY a
-- col x: public.a.x DIRECT IDENTITY

SELECT x FROM a TABLESAMPLE SYSTEM (10)
-- col x: public.a.x DIRECT IDENTITY

SELECT a1.x, a2.x AS x2 FROM a a1 JOIN a a2 ON a1.id = a2.k
-- col x: public.a.x DIRECT IDENTITY
-- col x2: public.a.x DIRECT IDENTITY
-- indirect: public.a.id JOIN, public.a.k JOIN

SELECT y FROM b WHERE k IN (SELECT k FROM a WHERE x > 0)
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.b.k FILTER, public.a.k FILTER, public.a.x FILTER

SELECT y FROM b WHERE EXISTS (SELECT 1 FROM a WHERE a.k = b.k)
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.k FILTER, public.b.k FILTER

SELECT y FROM b WHERE NOT EXISTS (SELECT FROM a WHERE a.id = b.id)
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.a.id FILTER, public.b.id FILTER

SELECT y FROM b WHERE k = ANY (SELECT k FROM a)
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.b.k FILTER, public.a.k FILTER

SELECT y FROM b WHERE y > ALL (SELECT x FROM a)
-- col y: public.b.y DIRECT IDENTITY
-- indirect: public.b.y FILTER, public.a.x FILTER

SELECT b.y, (SELECT a.x FROM a WHERE a.k = b.k LIMIT 1) AS ax FROM b
-- col y: public.b.y DIRECT IDENTITY
-- col ax: public.a.x DIRECT IDENTITY, public.a.k INDIRECT FILTER, public.b.k INDIRECT FILTER

SELECT EXISTS (SELECT 1 FROM a WHERE a.k = b.k) AS has_a FROM b
-- col has_a: public.a.k INDIRECT FILTER, public.b.k INDIRECT FILTER

SELECT k IN (SELECT k FROM a) AS known FROM b
-- col known: public.b.k DIRECT TRANSFORMATION, public.a.k DIRECT TRANSFORMATION

SELECT ARRAY(SELECT x FROM a WHERE a.k = b.k) AS xs FROM b
-- col xs: public.a.x DIRECT AGGREGATION, public.a.k INDIRECT FILTER, public.b.k INDIRECT FILTER
