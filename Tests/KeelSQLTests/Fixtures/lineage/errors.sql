-- Unparseable or partly understood SQL: diagnostics with a position, lineage degrades only around it.
-- schema: public.t: id, a, b
-- schema: public.s: id, c

SELECT a, b + * c, id FROM t
-- col a: public.t.a DIRECT IDENTITY
-- col ?column?:
-- col id: public.t.id DIRECT IDENTITY
-- error: sql.syntax

SELECT f(a, ), b FROM t
-- col f: public.t.a DIRECT TRANSFORMATION
-- col b: public.t.b DIRECT IDENTITY
-- error: sql.syntax

SELECT FROM WHERE
-- kind: invalid
-- target: none
-- error: sql.syntax

SELECT 1;
FROBNICATE everything
-- kind: invalid
-- error: sql.syntax

SELECT a FROM t u v
-- col a: public.t.a DIRECT IDENTITY
-- error: sql.syntax

SELECT a FROM t WHERE {{ var('x') }} = 1
-- kind: select
-- col a: public.t.a DIRECT IDENTITY
-- warning: sql.template

SELECT id FROM t JOIN s ON t.id = s.id
-- col id:
-- indirect: public.t.id JOIN, public.s.id JOIN
-- error: bind.ambiguous-column

SELECT z.a FROM t
-- col a:
-- error: bind.unknown-alias

INSERT INTO t (a) SELECT 'unterminated FROM s
-- kind: insert
-- col a:
-- error: sql.unterminated, sql.syntax

SELECT 1;
SELECT a, b FROM t WHERE a = 'x
-- kind: invalid
-- error: sql.unterminated, sql.syntax

SELECT coalesce(a, b +) AS x, b, id FROM t WHERE a > 0
-- col x: public.t.a DIRECT TRANSFORMATION
-- col b: public.t.b DIRECT IDENTITY
-- col id: public.t.id DIRECT IDENTITY
-- indirect: public.t.a FILTER
-- error: sql.syntax

SELECT a, (b + (id *)) AS y, id FROM t JOIN s USING (id)
-- col a: public.t.a DIRECT IDENTITY
-- col y:
-- col id: public.t.id DIRECT IDENTITY
-- indirect: public.t.id JOIN, public.s.id JOIN
-- error: sql.syntax
