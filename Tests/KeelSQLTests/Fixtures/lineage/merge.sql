-- MERGE: UPDATE and INSERT branches, conditions, DELETE and DO NOTHING.
-- schema: public.t: id, c, d
-- schema: public.s: id, a, b, op

MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET c = s.a WHEN NOT MATCHED THEN INSERT (id, c) VALUES (s.id, s.a)
-- kind: merge
-- target: public.t
-- col c: public.s.a DIRECT IDENTITY
-- col id: public.s.id DIRECT IDENTITY
-- indirect: public.t.id JOIN, public.s.id JOIN

MERGE INTO t AS x USING s AS y ON x.id = y.id WHEN MATCHED AND y.op = 'd' THEN DELETE WHEN MATCHED THEN UPDATE SET d = x.d + y.b
-- col d: public.t.d DIRECT TRANSFORMATION, public.s.b DIRECT TRANSFORMATION
-- indirect: public.t.id JOIN, public.s.id JOIN, public.s.op CONDITIONAL

MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.a, s.b)
-- col id: public.s.id DIRECT IDENTITY
-- col c: public.s.a DIRECT IDENTITY
-- col d: public.s.b DIRECT IDENTITY
-- indirect: public.t.id JOIN, public.s.id JOIN

MERGE INTO t USING (SELECT id, sum(a) AS total FROM s GROUP BY id) AS agg ON t.id = agg.id WHEN MATCHED THEN UPDATE SET c = agg.total WHEN NOT MATCHED THEN DO NOTHING
-- col c: public.s.a DIRECT AGGREGATION
-- indirect: public.s.id GROUP_BY, public.t.id JOIN, public.s.id JOIN

MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET c = s.a WHEN NOT MATCHED AND s.b > 0 THEN INSERT (id, c, d) VALUES (s.id, upper(s.a), DEFAULT)
-- col c: public.s.a DIRECT TRANSFORMATION
-- col id: public.s.id DIRECT IDENTITY
-- col d:
-- indirect: public.t.id JOIN, public.s.id JOIN, public.s.b CONDITIONAL

WITH src AS (SELECT id, a FROM s WHERE op = 'u') MERGE INTO t USING src ON t.id = src.id WHEN MATCHED THEN UPDATE SET c = src.a
-- col c: public.s.a DIRECT IDENTITY
-- indirect: public.s.op FILTER, public.t.id JOIN, public.s.id JOIN

MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN DELETE
-- kind: merge
-- target: public.t
-- indirect: public.t.id JOIN, public.s.id JOIN

MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT DEFAULT VALUES
-- indirect: public.t.id JOIN, public.s.id JOIN

MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET (c, d) = (s.a, s.b)
-- col c: public.s.a DIRECT IDENTITY
-- col d: public.s.b DIRECT IDENTITY
-- indirect: public.t.id JOIN, public.s.id JOIN

MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET nope = s.a
-- col nope: public.s.a DIRECT IDENTITY
-- indirect: public.t.id JOIN, public.s.id JOIN
-- error: lineage.target-mismatch
