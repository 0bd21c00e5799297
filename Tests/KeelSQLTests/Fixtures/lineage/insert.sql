-- INSERT: column list, by position through the metadata, VALUES, DEFAULT VALUES, ON CONFLICT, RETURNING.
-- schema: public.t: id, c, d, updated_at
-- schema: public.s: a, b, k
-- schema: archive.t: id, c

INSERT INTO t (c) SELECT a FROM s WHERE k > 0
-- kind: insert
-- target: public.t
-- col c: public.s.a DIRECT IDENTITY
-- indirect: public.s.k FILTER

INSERT INTO t SELECT k, a, b FROM s
-- target: public.t
-- col id: public.s.k DIRECT IDENTITY
-- col c: public.s.a DIRECT IDENTITY
-- col d: public.s.b DIRECT IDENTITY

INSERT INTO t (d, c) SELECT a, b FROM s
-- col d: public.s.a DIRECT IDENTITY
-- col c: public.s.b DIRECT IDENTITY

INSERT INTO t (c, d) VALUES (1, 2), (3, 4)
-- col c:
-- col d:

INSERT INTO t VALUES (1, 'x')
-- col id:
-- col c:

INSERT INTO t DEFAULT VALUES
-- kind: insert
-- target: public.t

INSERT INTO t (c) SELECT upper(a) FROM s
-- col c: public.s.a DIRECT TRANSFORMATION

INSERT INTO t (c, d) SELECT s.a, count(*) FROM s GROUP BY s.a
-- col c: public.s.a DIRECT IDENTITY
-- col d:
-- indirect: public.s.a GROUP_BY

INSERT INTO archive.t SELECT id, c FROM public.t WHERE d IS NULL
-- target: archive.t
-- col id: public.t.id DIRECT IDENTITY
-- col c: public.t.c DIRECT IDENTITY
-- indirect: public.t.d FILTER

INSERT INTO public.t AS dst (id, c) SELECT k, a FROM s
-- target: public.t
-- col id: public.s.k DIRECT IDENTITY
-- col c: public.s.a DIRECT IDENTITY

WITH fresh AS (SELECT k, a FROM s WHERE b IS NOT NULL) INSERT INTO t (id, c) SELECT k, a FROM fresh
-- col id: public.s.k DIRECT IDENTITY
-- col c: public.s.a DIRECT IDENTITY
-- indirect: public.s.b FILTER

INSERT INTO t (id, c) SELECT k, a FROM s ON CONFLICT (id) DO NOTHING
-- col id: public.s.k DIRECT IDENTITY
-- col c: public.s.a DIRECT IDENTITY
-- indirect: public.t.id CONDITIONAL

INSERT INTO t (id, c) SELECT k, a FROM s ON CONFLICT (id) DO UPDATE SET c = EXCLUDED.c
-- col id: public.s.k DIRECT IDENTITY
-- col c: public.s.a DIRECT IDENTITY
-- indirect: public.t.id CONDITIONAL

INSERT INTO t (id, c) SELECT k, a FROM s ON CONFLICT (id) DO UPDATE SET c = t.c || EXCLUDED.c, updated_at = now()
-- col id: public.s.k DIRECT IDENTITY
-- col c: public.s.a DIRECT TRANSFORMATION, public.t.c DIRECT TRANSFORMATION
-- col updated_at:
-- indirect: public.t.id CONDITIONAL

INSERT INTO t (id, c, d) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT t_pkey DO UPDATE SET d = EXCLUDED.d WHERE t.d IS DISTINCT FROM EXCLUDED.d
-- col id:
-- col c:
-- col d:
-- indirect: public.t.d FILTER

INSERT INTO t AS x (id, d) SELECT k, b FROM s ON CONFLICT (id) WHERE d > 0 DO UPDATE SET d = x.d + excluded.d
-- col id: public.s.k DIRECT IDENTITY
-- col d: public.s.b DIRECT TRANSFORMATION, public.t.d DIRECT TRANSFORMATION
-- indirect: public.t.id CONDITIONAL, public.t.d CONDITIONAL

INSERT INTO t (id, c) SELECT k, a FROM s ON CONFLICT (id) DO UPDATE SET (c, d) = (EXCLUDED.c, EXCLUDED.id)
-- col id: public.s.k DIRECT IDENTITY
-- col c: public.s.a DIRECT IDENTITY
-- col d: public.s.k DIRECT IDENTITY
-- indirect: public.t.id CONDITIONAL

INSERT INTO t (c) SELECT a FROM s RETURNING id, c
-- col c: public.s.a DIRECT IDENTITY

INSERT INTO t (c) OVERRIDING SYSTEM VALUE SELECT a FROM s
-- col c: public.s.a DIRECT IDENTITY

INSERT INTO t (c) SELECT a FROM s UNION ALL SELECT b FROM s
-- col c: public.s.a DIRECT IDENTITY, public.s.b DIRECT IDENTITY

INSERT INTO t (c) SELECT a FROM s JOIN archive.t x ON x.id = s.k
-- col c: public.s.a DIRECT IDENTITY
-- indirect: archive.t.id JOIN, public.s.k JOIN

INSERT INTO t (nope) SELECT a FROM s
-- col nope: public.s.a DIRECT IDENTITY
-- error: lineage.target-mismatch

INSERT INTO t (c) SELECT a, b FROM s
-- col c: public.s.a DIRECT IDENTITY
-- error: lineage.target-mismatch

INSERT INTO unknown_target SELECT a, b FROM s
-- target: public.unknown_target
-- col a: public.s.a DIRECT IDENTITY
-- col b: public.s.b DIRECT IDENTITY
-- warning: lineage.unknown-target-columns

INSERT INTO unknown_target (x, y) SELECT a, b FROM s
-- target: public.unknown_target
-- col x: public.s.a DIRECT IDENTITY
-- col y: public.s.b DIRECT IDENTITY

INSERT INTO t (c) VALUES ((SELECT max(a) FROM s))
-- col c: public.s.a DIRECT AGGREGATION

INSERT INTO t (c, d) SELECT CASE WHEN k > 0 THEN a END, b FROM s
-- col c: public.s.a DIRECT TRANSFORMATION, public.s.k INDIRECT CONDITIONAL
-- col d: public.s.b DIRECT IDENTITY
