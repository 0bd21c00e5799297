-- UNION, INTERSECT and EXCEPT, with ALL; parenthesized operands; ORDER BY / LIMIT on the result.
-- schema: public.a: id, x, y
-- schema: public.b: id, x, z

SELECT x FROM a UNION SELECT x FROM b
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY

SELECT x AS value FROM a UNION ALL SELECT z FROM b
-- col value: public.a.x DIRECT IDENTITY, public.b.z DIRECT IDENTITY

SELECT id, x FROM a UNION ALL SELECT id, x FROM b UNION ALL SELECT 0, 'none'
-- col id: public.a.id DIRECT IDENTITY, public.b.id DIRECT IDENTITY
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY

SELECT x FROM a INTERSECT SELECT x FROM b
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY

SELECT x FROM a INTERSECT ALL SELECT x FROM b
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY

SELECT x FROM a EXCEPT SELECT x FROM b
-- col x: public.a.x DIRECT IDENTITY
-- indirect: public.b.x FILTER

SELECT id FROM a EXCEPT ALL SELECT id FROM b WHERE z > 0
-- col id: public.a.id DIRECT IDENTITY
-- indirect: public.b.id FILTER, public.b.z FILTER

(SELECT x FROM a WHERE y > 0) UNION (SELECT x FROM b WHERE z > 0)
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY
-- indirect: public.a.y FILTER, public.b.z FILTER

SELECT x FROM a UNION SELECT x FROM b ORDER BY x LIMIT 5
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY
-- indirect: public.a.x SORT, public.b.x SORT

SELECT x FROM a UNION SELECT x FROM b ORDER BY 1
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY
-- indirect: public.a.x SORT, public.b.x SORT

SELECT u.x FROM (SELECT x FROM a UNION ALL SELECT x FROM b) u
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY

WITH u AS (SELECT id, y AS v FROM a UNION ALL SELECT id, z FROM b) SELECT v FROM u WHERE id > 0
-- col v: public.a.y DIRECT IDENTITY, public.b.z DIRECT IDENTITY
-- indirect: public.a.id FILTER, public.b.id FILTER

SELECT * FROM a UNION ALL SELECT * FROM b
-- col id: public.a.id DIRECT IDENTITY, public.b.id DIRECT IDENTITY
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY
-- col y: public.a.y DIRECT IDENTITY, public.b.z DIRECT IDENTITY

SELECT x FROM a UNION SELECT x FROM b INTERSECT SELECT x FROM a
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY

VALUES (1) UNION ALL SELECT id FROM a
-- col column1: public.a.id DIRECT IDENTITY

SELECT x FROM a UNION DISTINCT SELECT x FROM b
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY

TABLE a UNION ALL TABLE b
-- col id: public.a.id DIRECT IDENTITY, public.b.id DIRECT IDENTITY
-- col x: public.a.x DIRECT IDENTITY, public.b.x DIRECT IDENTITY
-- col y: public.a.y DIRECT IDENTITY, public.b.z DIRECT IDENTITY
