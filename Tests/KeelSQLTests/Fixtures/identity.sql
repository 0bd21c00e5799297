-- Each line is a query (or `-- expression:` / `-- type:` prefixed item) that must print back exactly.
-- meta: queries
SELECT 1
SELECT a FROM t
SELECT a AS b FROM t AS u
SELECT DISTINCT a FROM t
SELECT DISTINCT ON (a, b) a, b, c FROM t ORDER BY a, b, c DESC
SELECT ALL a FROM t
SELECT * FROM t
SELECT t.* FROM t
SELECT s.t.* FROM s.t
SELECT * EXCEPT (a, b) FROM t
SELECT * REPLACE (a + 1 AS a) FROM t
SELECT a FROM t WHERE b = 1 AND c <> 2 OR d >= 3
SELECT a FROM t GROUP BY a HAVING count(*) > 1
SELECT a, b, sum(c) FROM t GROUP BY ROLLUP (a, b)
SELECT a, b, sum(c) FROM t GROUP BY CUBE (a, b)
SELECT a, b, sum(c) FROM t GROUP BY GROUPING SETS ((a, b), (a), ())
SELECT a FROM t ORDER BY a DESC NULLS LAST LIMIT 10 OFFSET 5
SELECT a FROM t ORDER BY a USING > NULLS FIRST
SELECT a FROM t LIMIT ALL
SELECT a FROM t OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY
SELECT a FROM t FETCH FIRST 3 ROWS WITH TIES
SELECT a FROM t FOR UPDATE
SELECT a FROM t FOR NO KEY UPDATE OF t SKIP LOCKED
SELECT a FROM t FOR SHARE NOWAIT
SELECT a FROM t FOR KEY SHARE
WITH x AS (SELECT 1 AS a) SELECT a FROM x
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r
WITH x AS MATERIALIZED (SELECT 1), y AS NOT MATERIALIZED (SELECT 2) SELECT * FROM x, y
SELECT a FROM t UNION SELECT a FROM u
SELECT a FROM t UNION ALL SELECT a FROM u EXCEPT SELECT a FROM v
SELECT a FROM t INTERSECT ALL SELECT a FROM u
(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT a FROM u)
SELECT a FROM t UNION (SELECT a FROM u INTERSECT SELECT a FROM v)
VALUES (1, 'a'), (2, 'b')
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)
TABLE t
SELECT * FROM t AS a JOIN u AS b ON a.id = b.id
SELECT * FROM t LEFT JOIN u ON t.id = u.id RIGHT JOIN v ON v.id = u.id
SELECT * FROM t FULL JOIN u USING (id)
SELECT * FROM t JOIN u USING (id) AS j
SELECT * FROM t CROSS JOIN u
SELECT * FROM t NATURAL JOIN u
SELECT * FROM t NATURAL LEFT JOIN u
SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.t_id = t.id) AS x
SELECT * FROM t LEFT JOIN LATERAL (SELECT 1 AS one) AS x ON TRUE
SELECT * FROM generate_series(1, 10) AS g(n)
SELECT * FROM unnest(ARRAY[1, 2]) WITH ORDINALITY AS u(v, i)
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) AS r(a, b)
SELECT * FROM json_to_record('{"a":1}') AS x (a integer, b text)
SELECT * FROM ONLY parent
SELECT * FROM parent *
SELECT * FROM (t JOIN u ON t.id = u.id) AS j
SELECT * FROM t TABLESAMPLE SYSTEM (10) REPEATABLE (42)
SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a)
SELECT a FROM t WHERE a IN (SELECT a FROM u)
SELECT a FROM t WHERE a NOT IN (1, 2, 3)
SELECT a FROM t WHERE a = ANY (SELECT a FROM u)
SELECT a FROM t WHERE a = ANY (ARRAY[1, 2])
SELECT a FROM t WHERE a > ALL (SELECT a FROM u)
SELECT (SELECT max(a) FROM u) AS m FROM t
SELECT rank() OVER (PARTITION BY a ORDER BY b DESC) FROM t
SELECT sum(a) OVER w FROM t WINDOW w AS (PARTITION BY b)
SELECT sum(a) OVER (w ORDER BY c) FROM t WINDOW w AS (PARTITION BY b)
SELECT sum(a) OVER (ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t
SELECT sum(a) OVER (ORDER BY b RANGE BETWEEN INTERVAL '1 day' PRECEDING AND INTERVAL '1 day' FOLLOWING) FROM t
SELECT sum(a) OVER (ORDER BY b GROUPS BETWEEN 1 PRECEDING AND 2 FOLLOWING EXCLUDE TIES) FROM t
SELECT sum(a) OVER (ORDER BY b ROWS 3 PRECEDING) FROM t
SELECT count(*) FILTER (WHERE a > 0) FROM t
SELECT count(DISTINCT a) FROM t
SELECT string_agg(a, ',' ORDER BY b DESC) FROM t
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) FROM t
SELECT mode() WITHIN GROUP (ORDER BY a) FROM t
SELECT a FROM t QUALIFY row_number() OVER (PARTITION BY b ORDER BY c) = 1
SELECT a FROM "Mixed Case"."Table" AS "T"
SELECT "select", "a""b" FROM t
SELECT a FROM db.schema.t
SELECT a INTO TEMPORARY new_t FROM t
SELECT FROM t
SELECT a FROM t WHERE a = $1 AND b = $2
-- meta: expressions
1 + 2 * 3
(1 + 2) * 3
a - (b - c)
a - b - c
2 ^ 3 ^ 2
-a
- -a
NOT a
NOT (a AND b)
a OR b AND c
(a OR b) AND c
a IS NULL
a IS NOT NULL
a ISNULL
a IS TRUE
a IS NOT FALSE
a IS UNKNOWN
a IS DISTINCT FROM b
a IS NOT DISTINCT FROM b
a LIKE 'x%'
a NOT LIKE 'x%' ESCAPE '!'
a ILIKE '%y'
a NOT ILIKE '%y'
a SIMILAR TO '(a|b)%'
a BETWEEN 1 AND 10
a NOT BETWEEN SYMMETRIC 10 AND 1
a IN (1, 2)
a::text
a::character varying(255)
a::numeric(10, 2)
a::integer[]
a::text[][]
a::timestamp with time zone
a::timestamp(3) without time zone
a::double precision
a::"char"
a::public.mood
CAST(a AS bigint)
TRY_CAST(a AS integer)
SAFE_CAST(a AS int64)
date '2024-01-01'
timestamp '2024-01-01 00:00:00'
pg_catalog.timestamptz '2024-01-01'
INTERVAL '1 day'
INTERVAL '1' day
INTERVAL '1-2' year to month
'it''s'
E'line\nbreak'
B'0101'
X'1F'
N'national'
1.5e10
.5
TRUE
NULL
CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END
CASE a WHEN 1 THEN 'one' END
coalesce(a, b, 0)
nullif(a, 0)
greatest(a, b)
lower(trim(a))
EXTRACT(EPOCH FROM a)
EXTRACT(YEAR FROM now())
substring(a FROM 1 FOR 3)
substring(a, 1, 3)
position('x' IN a)
trim(BOTH 'x' FROM a)
trim(LEADING FROM a)
overlay(a PLACING 'b' FROM 2 FOR 3)
ARRAY[1, 2, 3]
ARRAY[ARRAY[1, 2], ARRAY[3, 4]]
ARRAY(SELECT a FROM t)
a[1]
a[1:2]
a[:2]
(a).b
(a).*
a[1].b
ROW(1, 2)
(1, 2)
j -> 'a'
j ->> 'a'
j #> '{a,b}'
j #>> '{a,b}'
j @> '{"a":1}'
a <@ b
j ? 'k'
a || b
a ~ 'x'
a ~* 'x'
a !~ 'x'
a !~* 'x'
a && b
a << 1
@ a
|/ 25
a OPERATOR(pg_catalog.+) b
a COLLATE "C"
a AT TIME ZONE 'UTC'
CURRENT_DATE
CURRENT_TIMESTAMP
CURRENT_TIMESTAMP(3)
CURRENT_USER
LOCALTIMESTAMP
current_schema()
left(a, 3)
now() - INTERVAL '1 hour'
count(*)
func(a => 1, b => 2)
concat_ws(',', VARIADIC ARRAY['a', 'b'])
STRUCT(1 AS a, 'x' AS b)
v:a.b[0]::text
:'var'
$1
DEFAULT
-- meta: types
integer
bigint[]
character varying(255)
numeric(12, 2)
timestamp with time zone
timestamp(6) with time zone
time without time zone
double precision
interval
interval day to second
bit varying(8)
public.my_type[]
"MyType"
integer[3]
array<int64>
struct<a int64, b string>
