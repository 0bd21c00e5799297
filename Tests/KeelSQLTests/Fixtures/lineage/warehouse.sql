-- Warehouse syntax found in compiled dbt models: Snowflake, BigQuery, Trino.
-- schema: public.events: id, user_id, payload, tags, ts, kind
-- schema: analytics.users: id, email, country

SELECT payload:user.name AS user_name FROM events
-- col user_name: public.events.payload DIRECT TRANSFORMATION

SELECT id, kind FROM events QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY ts DESC) = 1
-- col id: public.events.id DIRECT IDENTITY
-- col kind: public.events.kind DIRECT IDENTITY
-- indirect: public.events.user_id FILTER, public.events.ts FILTER

SELECT IFF(kind = 'click', 1, 0) AS clicked FROM events
-- col clicked: public.events.kind INDIRECT CONDITIONAL

SELECT iff(kind = 'x', id, user_id) AS pick FROM events
-- col pick: public.events.id DIRECT TRANSFORMATION, public.events.user_id DIRECT TRANSFORMATION, public.events.kind INDIRECT CONDITIONAL

SELECT id FROM events WHERE kind ILIKE 'purchase%'
-- col id: public.events.id DIRECT IDENTITY
-- indirect: public.events.kind FILTER

SELECT f.value AS tag FROM events e, LATERAL FLATTEN(input => e.tags) f
-- col tag: public.events.tags DIRECT TRANSFORMATION

SELECT `id`, `kind` FROM `events`
-- col id: public.events.id DIRECT IDENTITY
-- col kind: public.events.kind DIRECT IDENTITY

SELECT * EXCEPT (payload, tags) FROM events
-- col id: public.events.id DIRECT IDENTITY
-- col user_id: public.events.user_id DIRECT IDENTITY
-- col ts: public.events.ts DIRECT IDENTITY
-- col kind: public.events.kind DIRECT IDENTITY

SELECT * REPLACE (upper(kind) AS kind) FROM events
-- col id: public.events.id DIRECT IDENTITY
-- col user_id: public.events.user_id DIRECT IDENTITY
-- col payload: public.events.payload DIRECT IDENTITY
-- col tags: public.events.tags DIRECT IDENTITY
-- col ts: public.events.ts DIRECT IDENTITY
-- col kind: public.events.kind DIRECT TRANSFORMATION

SELECT STRUCT(id AS i, kind AS k) AS s FROM events
-- col s: public.events.id DIRECT TRANSFORMATION, public.events.kind DIRECT TRANSFORMATION

SELECT t AS tag FROM events, UNNEST(tags) AS t
-- col tag: public.events.tags DIRECT TRANSFORMATION

SELECT TRY_CAST(payload AS int) AS n, SAFE_CAST(kind AS string) AS k FROM events
-- col n: public.events.payload DIRECT TRANSFORMATION
-- col k: public.events.kind DIRECT TRANSFORMATION

SELECT u.email FROM "analytics"."users" u WHERE u.country = 'NZ'
-- col email: analytics.users.email DIRECT IDENTITY
-- indirect: analytics.users.country FILTER

SELECT u.email FROM "warehouse"."analytics"."users" AS u
-- col email: analytics.users.email DIRECT IDENTITY

SELECT count_if(kind = 'x') AS xs FROM events
-- col xs: public.events.kind DIRECT AGGREGATION

SELECT kind, any_value(id) AS some_id FROM events GROUP BY ALL
-- col kind: public.events.kind DIRECT IDENTITY
-- col some_id: public.events.id DIRECT AGGREGATION
-- indirect: public.events.kind GROUP_BY

SELECT ARRAY[1, 2] AS a, [id, user_id] AS b FROM events
-- col a:
-- col b: public.events.id DIRECT TRANSFORMATION, public.events.user_id DIRECT TRANSFORMATION

SELECT date_trunc('day', ts)::date AS day, count(*) AS n FROM events GROUP BY 1
-- col day: public.events.ts DIRECT TRANSFORMATION
-- col n:
-- indirect: public.events.ts GROUP_BY

SELECT x.v FROM events CROSS JOIN UNNEST(events.tags) AS x(v)
-- col v: public.events.tags DIRECT TRANSFORMATION

SELECT element_at(tags, 1) AS first_tag, cardinality(tags) AS n FROM events
-- col first_tag: public.events.tags DIRECT TRANSFORMATION
-- col n: public.events.tags DIRECT TRANSFORMATION

SELECT e.id FROM events AS e LEFT JOIN analytics.users AS u ON u.id = e.user_id WHERE u.id IS NULL
-- col id: public.events.id DIRECT IDENTITY
-- indirect: analytics.users.id JOIN, public.events.user_id JOIN, analytics.users.id FILTER

SELECT {{ ref('orders') }}.id FROM {{ ref('orders') }}
-- kind: select
-- col id:
-- warning: sql.template, sql.template

SELECT id FROM events WHERE kind ILIKE ANY ('purchase%', 'refund%')
-- col id: public.events.id DIRECT IDENTITY
-- indirect: public.events.kind FILTER

SELECT id, kind NOT LIKE ALL ('a%', 'b%') AS other FROM events
-- col id: public.events.id DIRECT IDENTITY
-- col other: public.events.kind DIRECT TRANSFORMATION

SELECT id FROM events WHERE ts >= CURRENT_TIMESTAMP() - INTERVAL 3 DAY
-- col id: public.events.id DIRECT IDENTITY
-- indirect: public.events.ts FILTER

SELECT id FROM events SAMPLE (10)
-- col id: public.events.id DIRECT IDENTITY

SELECT e.id FROM events AS e SAMPLE ROW (100 ROWS) WHERE e.kind = 'x'
-- col id: public.events.id DIRECT IDENTITY
-- indirect: public.events.kind FILTER

SELECT sample.id FROM events sample
-- col id: public.events.id DIRECT IDENTITY
