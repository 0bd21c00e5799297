-- Bare SELECT: output columns named as PostgreSQL names them, sources through to base tables.
-- schema: public.orders: id, customer_id, total, status, created_at
-- schema: public.customers: id, name, region, email
-- schema: public.items: order_id, sku, qty, price
-- schema: sales.orders: id, amount

SELECT id, total FROM orders
-- kind: select
-- target: none
-- col id: public.orders.id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY

SELECT o.total * 2 AS doubled FROM orders o
-- col doubled: public.orders.total DIRECT TRANSFORMATION

SELECT sum(total) FROM orders
-- col sum: public.orders.total DIRECT AGGREGATION

SELECT count(*) FROM orders
-- col count:

SELECT 1 + 1, 'x'
-- col ?column?:
-- col ?column?:

SELECT * FROM customers
-- col id: public.customers.id DIRECT IDENTITY
-- col name: public.customers.name DIRECT IDENTITY
-- col region: public.customers.region DIRECT IDENTITY
-- col email: public.customers.email DIRECT IDENTITY

SELECT c.name FROM customers c WHERE c.region = 'eu'
-- col name: public.customers.name DIRECT IDENTITY
-- indirect: public.customers.region FILTER

SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id
-- col name: public.customers.name DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.customer_id JOIN, public.customers.id JOIN

SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY n DESC
-- col status: public.orders.status DIRECT IDENTITY
-- col n:
-- indirect: public.orders.status GROUP_BY

SELECT CASE WHEN status = 'paid' THEN total ELSE 0 END AS paid FROM orders
-- col paid: public.orders.total DIRECT TRANSFORMATION, public.orders.status INDIRECT CONDITIONAL

SELECT id, row_number() OVER (PARTITION BY customer_id ORDER BY created_at) AS rn FROM orders
-- col id: public.orders.id DIRECT IDENTITY
-- col rn: public.orders.customer_id INDIRECT WINDOW, public.orders.created_at INDIRECT WINDOW

WITH big AS (SELECT id, total FROM orders WHERE total > 100) SELECT b.total AS t FROM big b
-- col t: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.total FILTER

SELECT amount FROM sales.orders
-- col amount: sales.orders.amount DIRECT IDENTITY

SELECT x FROM (SELECT total + 1 AS x FROM orders) d
-- col x: public.orders.total DIRECT TRANSFORMATION

SELECT id FROM orders JOIN customers USING (id)
-- col id: public.orders.id DIRECT IDENTITY
-- indirect: public.orders.id JOIN, public.customers.id JOIN

SELECT nope FROM orders
-- col nope:
-- error: bind.unknown-column

SELECT o.id, o.total FROM public.orders AS o
-- col id: public.orders.id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY

SELECT "total" FROM "orders"
-- col total: public.orders.total DIRECT IDENTITY

SELECT TOTAL FROM ORDERS
-- col total: public.orders.total DIRECT IDENTITY

SELECT "Total" FROM orders
-- col Total:
-- error: bind.unknown-column

SELECT orders.total FROM orders
-- col total: public.orders.total DIRECT IDENTITY

SELECT public.orders.total FROM public.orders
-- col total: public.orders.total DIRECT IDENTITY

SELECT id FROM orders o JOIN customers c ON o.customer_id = c.id
-- col id:
-- indirect: public.orders.customer_id JOIN, public.customers.id JOIN
-- error: bind.ambiguous-column

SELECT o.*, c.name FROM orders o JOIN customers c ON c.id = o.customer_id
-- col id: public.orders.id DIRECT IDENTITY
-- col customer_id: public.orders.customer_id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY
-- col status: public.orders.status DIRECT IDENTITY
-- col created_at: public.orders.created_at DIRECT IDENTITY
-- col name: public.customers.name DIRECT IDENTITY
-- indirect: public.customers.id JOIN, public.orders.customer_id JOIN

SELECT DISTINCT region FROM customers
-- col region: public.customers.region DIRECT IDENTITY

SELECT DISTINCT ON (customer_id) customer_id, total FROM orders ORDER BY customer_id, created_at DESC
-- col customer_id: public.orders.customer_id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.customer_id GROUP_BY, public.orders.customer_id SORT, public.orders.created_at SORT

SELECT total FROM orders ORDER BY created_at LIMIT 10 OFFSET 5
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.created_at SORT

SELECT total FROM orders ORDER BY 1 FETCH FIRST 3 ROWS ONLY
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.total SORT

SELECT total AS t FROM orders ORDER BY t
-- col t: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.total SORT

SELECT total FROM orders WHERE status = 'open' FOR UPDATE
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.status FILTER

SELECT total FROM orders FOR UPDATE OF orders SKIP LOCKED
-- col total: public.orders.total DIRECT IDENTITY

SELECT total FROM orders WHERE id = $1
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.id FILTER

SELECT lower(name) FROM customers
-- col lower: public.customers.name DIRECT TRANSFORMATION

SELECT name || ' <' || email || '>' AS contact FROM customers
-- col contact: public.customers.name DIRECT TRANSFORMATION, public.customers.email DIRECT TRANSFORMATION

SELECT now(), current_date, CURRENT_USER
-- col now:
-- col current_date:
-- col current_user:

SELECT total::text FROM orders
-- col total: public.orders.total DIRECT TRANSFORMATION

SELECT CAST(total AS numeric(10, 2)) AS amount FROM orders
-- col amount: public.orders.total DIRECT TRANSFORMATION

SELECT 'x'::text
-- col text:

SELECT (total) FROM orders
-- col total: public.orders.total DIRECT IDENTITY

SELECT (SELECT max(total) FROM orders) AS top
-- col top: public.orders.total DIRECT AGGREGATION

SELECT TABLE_NAME FROM (SELECT 1 AS table_name) t
-- col table_name:

TABLE customers
-- col id: public.customers.id DIRECT IDENTITY
-- col name: public.customers.name DIRECT IDENTITY
-- col region: public.customers.region DIRECT IDENTITY
-- col email: public.customers.email DIRECT IDENTITY

VALUES (1, 'a'), (2, 'b')
-- col column1:
-- col column2:

SELECT c FROM customers c
-- col c: public.customers.id DIRECT TRANSFORMATION, public.customers.name DIRECT TRANSFORMATION, public.customers.region DIRECT TRANSFORMATION, public.customers.email DIRECT TRANSFORMATION

SELECT row_to_json(c.*) AS j FROM customers c
-- col j: public.customers.id DIRECT TRANSFORMATION, public.customers.name DIRECT TRANSFORMATION, public.customers.region DIRECT TRANSFORMATION, public.customers.email DIRECT TRANSFORMATION

SELECT total FROM orders WHERE status IN ('a', 'b') AND total BETWEEN 1 AND 10 AND created_at IS NOT NULL
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.status FILTER, public.orders.total FILTER, public.orders.created_at FILTER

SELECT name FROM customers WHERE email LIKE '%@x.org' OR name ILIKE 'a%'
-- col name: public.customers.name DIRECT IDENTITY
-- indirect: public.customers.email FILTER, public.customers.name FILTER

SELECT name FROM customers WHERE NOT (region = 'eu')
-- col name: public.customers.name DIRECT IDENTITY
-- indirect: public.customers.region FILTER
