-- CREATE TABLE AS, CREATE VIEW (with and without a column list), materialized views, SELECT INTO,
-- and scripts whose earlier statements create the relations later ones read.
-- schema: public.orders: id, customer_id, total, status
-- schema: public.customers: id, name, region

CREATE TABLE big AS SELECT id, total FROM orders WHERE total > 100
-- kind: create-table-as
-- target: public.big
-- col id: public.orders.id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.total FILTER

CREATE TABLE big (oid, amount) AS SELECT id, total FROM orders
-- target: public.big
-- col oid: public.orders.id DIRECT IDENTITY
-- col amount: public.orders.total DIRECT IDENTITY

CREATE TEMP TABLE scratch AS SELECT name FROM customers WITH NO DATA
-- target: pg_temp.scratch
-- col name: public.customers.name DIRECT IDENTITY

CREATE UNLOGGED TABLE IF NOT EXISTS analytics.totals AS SELECT customer_id, sum(total) AS spent FROM orders GROUP BY customer_id
-- target: analytics.totals
-- col customer_id: public.orders.customer_id DIRECT IDENTITY
-- col spent: public.orders.total DIRECT AGGREGATION
-- indirect: public.orders.customer_id GROUP_BY

CREATE VIEW v AS SELECT c.name, o.total FROM orders o JOIN customers c ON c.id = o.customer_id
-- kind: create-view
-- target: public.v
-- col name: public.customers.name DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.customers.id JOIN, public.orders.customer_id JOIN

CREATE OR REPLACE VIEW reporting.v (customer, amount) AS SELECT c.name, o.total FROM orders o JOIN customers c ON c.id = o.customer_id
-- target: reporting.v
-- col customer: public.customers.name DIRECT IDENTITY
-- col amount: public.orders.total DIRECT IDENTITY
-- indirect: public.customers.id JOIN, public.orders.customer_id JOIN

CREATE VIEW v (a) AS SELECT id, total FROM orders
-- col a: public.orders.id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY

CREATE MATERIALIZED VIEW mv AS SELECT status, count(*) AS n FROM orders GROUP BY status WITH NO DATA
-- kind: create-materialized-view
-- target: public.mv
-- col status: public.orders.status DIRECT IDENTITY
-- col n:
-- indirect: public.orders.status GROUP_BY

CREATE TEMPORARY VIEW tv AS SELECT name FROM customers
-- target: pg_temp.tv
-- col name: public.customers.name DIRECT IDENTITY

CREATE RECURSIVE VIEW nums (n) AS VALUES (1) UNION ALL SELECT n + 1 FROM nums WHERE n < 5
-- target: public.nums
-- col n: public.nums.n DIRECT TRANSFORMATION
-- indirect: public.nums.n FILTER

CREATE VIEW v WITH (security_barrier) AS SELECT id FROM orders WITH LOCAL CHECK OPTION
-- col id: public.orders.id DIRECT IDENTITY

SELECT id, total INTO big_orders FROM orders WHERE total > 10
-- kind: select-into
-- target: public.big_orders
-- col id: public.orders.id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY
-- indirect: public.orders.total FILTER

CREATE TABLE t (id int PRIMARY KEY, amount numeric NOT NULL);
INSERT INTO t SELECT id, total FROM orders
-- kind: insert
-- target: public.t
-- col id: public.orders.id DIRECT IDENTITY
-- col amount: public.orders.total DIRECT IDENTITY

CREATE TABLE big AS SELECT id, total FROM orders;
SELECT * FROM big
-- col id: public.big.id DIRECT IDENTITY
-- col total: public.big.total DIRECT IDENTITY

CREATE TABLE big AS SELECT id, total FROM orders WHERE status = 'paid';
SELECT total FROM big
-- col total: public.big.total DIRECT IDENTITY

CREATE VIEW customer_totals AS SELECT customer_id, sum(total) AS spent FROM orders GROUP BY customer_id;
CREATE VIEW vip AS SELECT c.name, t.spent FROM customers c JOIN customer_totals t ON t.customer_id = c.id WHERE t.spent > 1000;
SELECT * FROM vip
-- col name: public.vip.name DIRECT IDENTITY
-- col spent: public.vip.spent DIRECT IDENTITY

CREATE TABLE staging.t (a int, b text);
CREATE TABLE staging.u (LIKE staging.t INCLUDING ALL, c int);
INSERT INTO staging.u SELECT 1, 'x', id FROM orders
-- target: staging.u
-- col a:
-- col b:
-- col c: public.orders.id DIRECT IDENTITY

CREATE TABLE measurements (id int, at timestamptz, v numeric) PARTITION BY RANGE (at);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
SELECT * FROM measurements_2024
-- col id: public.measurements_2024.id DIRECT IDENTITY
-- col at: public.measurements_2024.at DIRECT IDENTITY
-- col v: public.measurements_2024.v DIRECT IDENTITY

CREATE TABLE base (id int);
CREATE TABLE child (extra text) INHERITS (base);
SELECT * FROM child
-- col id: public.child.id DIRECT IDENTITY
-- col extra: public.child.extra DIRECT IDENTITY

CREATE TABLE t (id int, a text);
ALTER TABLE t ADD COLUMN b int, DROP COLUMN a;
SELECT * FROM t
-- col id: public.t.id DIRECT IDENTITY
-- col b: public.t.b DIRECT IDENTITY

CREATE TABLE t (id int, a text);
ALTER TABLE t RENAME COLUMN a TO label;
SELECT label FROM t
-- col label: public.t.label DIRECT IDENTITY

ALTER TABLE orders RENAME TO purchases;
SELECT total FROM purchases
-- col total: public.purchases.total DIRECT IDENTITY

ALTER TABLE orders ADD COLUMN note text;
SELECT * FROM orders
-- col id: public.orders.id DIRECT IDENTITY
-- col customer_id: public.orders.customer_id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY
-- col status: public.orders.status DIRECT IDENTITY
-- col note: public.orders.note DIRECT IDENTITY

DROP TABLE customers;
SELECT * FROM customers
-- col *: public.customers.* DIRECT IDENTITY
-- warning: bind.unknown-table

CREATE TEMP TABLE orders (x int);
SELECT * FROM orders
-- col x: pg_temp.orders.x DIRECT IDENTITY

CREATE TEMP TABLE orders (x int);
SELECT * FROM public.orders
-- col id: public.orders.id DIRECT IDENTITY
-- col customer_id: public.orders.customer_id DIRECT IDENTITY
-- col total: public.orders.total DIRECT IDENTITY
-- col status: public.orders.status DIRECT IDENTITY

CREATE SCHEMA mart;
SET search_path TO mart, public;
CREATE TABLE facts AS SELECT id FROM orders;
SELECT id FROM facts
-- col id: mart.facts.id DIRECT IDENTITY

CREATE TABLE t (id int);
-- kind: create-table
-- target: public.t

CREATE INDEX CONCURRENTLY idx ON orders (customer_id)
-- kind: create-index
-- target: none

ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID
-- kind: alter-table
-- target: none

REFRESH MATERIALIZED VIEW CONCURRENTLY mv
-- kind: refresh-materialized-view
-- target: none
