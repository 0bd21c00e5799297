-- WITH, WITH RECURSIVE, MATERIALIZED hints, column lists, nesting and shadowing.
-- schema: public.orders: id, customer_id, total, status, created_at
-- schema: public.customers: id, name, region, parent_id
-- schema: public.x: id

WITH c AS (SELECT id, name FROM customers) SELECT name FROM c
-- col name: public.customers.name DIRECT IDENTITY

WITH c(cid, cname) AS (SELECT id, name FROM customers) SELECT cname, cid FROM c
-- col cname: public.customers.name DIRECT IDENTITY
-- col cid: public.customers.id DIRECT IDENTITY

WITH c(cid) AS (SELECT id, name FROM customers) SELECT * FROM c
-- col cid: public.customers.id DIRECT IDENTITY
-- col name: public.customers.name DIRECT IDENTITY

WITH c AS MATERIALIZED (SELECT id FROM customers) SELECT id FROM c
-- col id: public.customers.id DIRECT IDENTITY

WITH c AS NOT MATERIALIZED (SELECT id FROM customers WHERE region = 'eu') SELECT id FROM c
-- col id: public.customers.id DIRECT IDENTITY
-- indirect: public.customers.region FILTER

WITH a AS (SELECT customer_id, total FROM orders), b AS (SELECT customer_id, sum(total) AS s FROM a GROUP BY customer_id) SELECT s FROM b
-- col s: public.orders.total DIRECT AGGREGATION
-- indirect: public.orders.customer_id GROUP_BY

WITH a AS (SELECT total * 2 AS t2 FROM orders), b AS (SELECT t2 + 1 AS t3 FROM a) SELECT t3 FROM b
-- col t3: public.orders.total DIRECT TRANSFORMATION

WITH a AS (SELECT total FROM orders) SELECT a1.total, a2.total AS again FROM a a1, a a2
-- col total: public.orders.total DIRECT IDENTITY
-- col again: public.orders.total DIRECT IDENTITY

WITH orders AS (SELECT id AS total FROM customers) SELECT total FROM orders
-- col total: public.customers.id DIRECT IDENTITY

WITH c AS (SELECT id FROM customers) SELECT (SELECT count(*) FROM c) AS n
-- col n:

WITH c AS (SELECT id, region FROM customers) SELECT o.total FROM orders o WHERE o.customer_id IN (SELECT id FROM c WHERE region = 'eu')
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.customer_id FILTER, public.customers.id FILTER, public.customers.region FILTER

WITH outer_cte AS (WITH inner_cte AS (SELECT total FROM orders) SELECT total FROM inner_cte) SELECT total FROM outer_cte
-- col total: public.orders.total DIRECT IDENTITY

SELECT t FROM (WITH w AS (SELECT total AS t FROM orders) SELECT t FROM w) d
-- col t: public.orders.total DIRECT IDENTITY

WITH RECURSIVE tree AS (SELECT id, parent_id, name FROM customers WHERE parent_id IS NULL UNION ALL SELECT c.id, c.parent_id, c.name FROM customers c JOIN tree t ON c.parent_id = t.id) SELECT name FROM tree
-- col name: public.customers.name DIRECT IDENTITY
-- indirect: public.customers.parent_id FILTER, public.customers.parent_id JOIN, public.customers.id JOIN

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT i FROM n
-- col i:

WITH RECURSIVE chain(id, depth) AS (SELECT id, 0 FROM customers WHERE parent_id IS NULL UNION ALL SELECT c.id, ch.depth + 1 FROM customers c JOIN chain ch ON c.parent_id = ch.id) SELECT id, depth FROM chain
-- col id: public.customers.id DIRECT IDENTITY
-- col depth:
-- indirect: public.customers.parent_id FILTER, public.customers.parent_id JOIN, public.customers.id JOIN

WITH RECURSIVE path AS (SELECT id, name::text AS p FROM customers WHERE parent_id IS NULL UNION ALL SELECT c.id, path.p || '/' || c.name FROM customers c JOIN path ON c.parent_id = path.id) SELECT p FROM path
-- col p: public.customers.name DIRECT TRANSFORMATION
-- indirect: public.customers.parent_id FILTER, public.customers.parent_id JOIN, public.customers.id JOIN

WITH RECURSIVE t AS (SELECT 1 AS n), u AS (SELECT n FROM t) SELECT n FROM u
-- col n:

WITH RECURSIVE search_tree(id, link) AS (SELECT id, parent_id FROM customers UNION ALL SELECT c.id, c.parent_id FROM customers c, search_tree st WHERE c.id = st.link) SEARCH DEPTH FIRST BY id SET ordercol SELECT id FROM search_tree
-- col id: public.customers.id DIRECT IDENTITY
-- indirect: public.customers.id FILTER, public.customers.parent_id FILTER

WITH x AS (SELECT 1 AS one) SELECT one, id FROM x, public.x
-- col one:
-- col id: public.x.id DIRECT IDENTITY

WITH s AS (SELECT status, count(*) AS n FROM orders GROUP BY status HAVING count(*) > 1) SELECT status FROM s ORDER BY n
-- col status: public.orders.status DIRECT IDENTITY
-- indirect: public.orders.status GROUP_BY

WITH s AS (SELECT customer_id, total FROM orders ORDER BY created_at) SELECT total FROM s
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.created_at SORT

WITH v AS (VALUES (1, 'a')) SELECT column2 FROM v
-- col column2:

WITH moved AS (DELETE FROM orders WHERE status = 'void' RETURNING id, total) SELECT total FROM moved
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.status FILTER
-- warning: lineage.nested-write

WITH u AS (UPDATE orders SET total = 0 WHERE id = 1 RETURNING *) SELECT status FROM u
-- col status: public.orders.status DIRECT IDENTITY
-- warning: lineage.nested-write
