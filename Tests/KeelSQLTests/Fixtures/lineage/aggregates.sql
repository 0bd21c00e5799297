-- Aggregates and windows: FILTER, aggregate ORDER BY, WITHIN GROUP, GROUPING SETS, named windows, frames.
-- schema: public.sales: id, region, product, amount, qty, sold_at, rep

SELECT region, sum(amount) AS total FROM sales GROUP BY region
-- col region: public.sales.region DIRECT IDENTITY
-- col total: public.sales.amount DIRECT AGGREGATION
-- indirect: public.sales.region GROUP_BY

SELECT region, sum(amount) FROM sales GROUP BY 1
-- col region: public.sales.region DIRECT IDENTITY
-- col sum: public.sales.amount DIRECT AGGREGATION
-- indirect: public.sales.region GROUP_BY

SELECT lower(region) AS r, avg(qty) FROM sales GROUP BY r
-- col r: public.sales.region DIRECT TRANSFORMATION
-- col avg: public.sales.qty DIRECT AGGREGATION
-- indirect: public.sales.region GROUP_BY

SELECT count(DISTINCT rep) AS reps FROM sales
-- col reps: public.sales.rep DIRECT AGGREGATION

SELECT count(*) FILTER (WHERE amount > 100) AS big FROM sales
-- col big: public.sales.amount INDIRECT FILTER

SELECT sum(amount) FILTER (WHERE region = 'eu') AS eu FROM sales
-- col eu: public.sales.amount DIRECT AGGREGATION, public.sales.region INDIRECT FILTER

SELECT string_agg(product, ', ' ORDER BY sold_at) AS products FROM sales
-- col products: public.sales.product DIRECT AGGREGATION, public.sales.sold_at INDIRECT SORT

SELECT array_agg(DISTINCT product ORDER BY product) AS products FROM sales
-- col products: public.sales.product DIRECT AGGREGATION, public.sales.product INDIRECT SORT

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS median FROM sales
-- col median: public.sales.amount DIRECT AGGREGATION

SELECT mode() WITHIN GROUP (ORDER BY product) AS common FROM sales
-- col common: public.sales.product DIRECT AGGREGATION

SELECT region, product, sum(amount) AS s FROM sales GROUP BY GROUPING SETS ((region), (product), ())
-- col region: public.sales.region DIRECT IDENTITY
-- col product: public.sales.product DIRECT IDENTITY
-- col s: public.sales.amount DIRECT AGGREGATION
-- indirect: public.sales.region GROUP_BY, public.sales.product GROUP_BY

SELECT region, product, sum(amount) AS s FROM sales GROUP BY ROLLUP (region, product)
-- col region: public.sales.region DIRECT IDENTITY
-- col product: public.sales.product DIRECT IDENTITY
-- col s: public.sales.amount DIRECT AGGREGATION
-- indirect: public.sales.region GROUP_BY, public.sales.product GROUP_BY

SELECT region, rep, count(*) AS n FROM sales GROUP BY CUBE (region, rep)
-- col region: public.sales.region DIRECT IDENTITY
-- col rep: public.sales.rep DIRECT IDENTITY
-- col n:
-- indirect: public.sales.region GROUP_BY, public.sales.rep GROUP_BY

SELECT region, grouping(region) AS g, sum(qty) FROM sales GROUP BY ROLLUP (region)
-- col region: public.sales.region DIRECT IDENTITY
-- col g: public.sales.region DIRECT TRANSFORMATION
-- col sum: public.sales.qty DIRECT AGGREGATION
-- indirect: public.sales.region GROUP_BY

SELECT region FROM sales GROUP BY region HAVING sum(amount) > 1000
-- col region: public.sales.region DIRECT IDENTITY
-- indirect: public.sales.region GROUP_BY, public.sales.amount FILTER

SELECT region, sum(amount) / count(*) AS average FROM sales GROUP BY region
-- col region: public.sales.region DIRECT IDENTITY
-- col average: public.sales.amount DIRECT AGGREGATION
-- indirect: public.sales.region GROUP_BY

SELECT max(amount) - min(amount) AS spread FROM sales
-- col spread: public.sales.amount DIRECT AGGREGATION

SELECT sum(amount * qty) AS revenue FROM sales
-- col revenue: public.sales.amount DIRECT AGGREGATION, public.sales.qty DIRECT AGGREGATION

SELECT coalesce(sum(amount), 0) AS total FROM sales
-- col total: public.sales.amount DIRECT AGGREGATION

SELECT bool_and(qty > 0) AS all_positive FROM sales
-- col all_positive: public.sales.qty DIRECT AGGREGATION

SELECT id, sum(amount) OVER (PARTITION BY region ORDER BY sold_at) AS running FROM sales
-- col id: public.sales.id DIRECT IDENTITY
-- col running: public.sales.amount DIRECT AGGREGATION, public.sales.region INDIRECT WINDOW, public.sales.sold_at INDIRECT WINDOW

SELECT id, sum(amount) OVER (ORDER BY sold_at ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving FROM sales
-- col id: public.sales.id DIRECT IDENTITY
-- col moving: public.sales.amount DIRECT AGGREGATION, public.sales.sold_at INDIRECT WINDOW

SELECT id, lag(amount) OVER (PARTITION BY rep ORDER BY sold_at) AS previous FROM sales
-- col id: public.sales.id DIRECT IDENTITY
-- col previous: public.sales.amount DIRECT TRANSFORMATION, public.sales.rep INDIRECT WINDOW, public.sales.sold_at INDIRECT WINDOW

SELECT id, rank() OVER w AS r, sum(qty) OVER w AS q FROM sales WINDOW w AS (PARTITION BY region ORDER BY amount DESC)
-- col id: public.sales.id DIRECT IDENTITY
-- col r: public.sales.region INDIRECT WINDOW, public.sales.amount INDIRECT WINDOW
-- col q: public.sales.qty DIRECT AGGREGATION, public.sales.region INDIRECT WINDOW, public.sales.amount INDIRECT WINDOW

SELECT id, first_value(product) OVER (w ORDER BY sold_at RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS f FROM sales WINDOW w AS (PARTITION BY rep)
-- col id: public.sales.id DIRECT IDENTITY
-- col f: public.sales.product DIRECT TRANSFORMATION, public.sales.rep INDIRECT WINDOW, public.sales.sold_at INDIRECT WINDOW

SELECT id, ntile(4) OVER (ORDER BY amount) AS quartile FROM sales
-- col id: public.sales.id DIRECT IDENTITY
-- col quartile: public.sales.amount INDIRECT WINDOW

SELECT id, count(*) OVER () AS total_rows FROM sales
-- col id: public.sales.id DIRECT IDENTITY
-- col total_rows:

SELECT id, avg(amount) OVER (PARTITION BY region ORDER BY sold_at GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) AS avg_near FROM sales
-- col id: public.sales.id DIRECT IDENTITY
-- col avg_near: public.sales.amount DIRECT AGGREGATION, public.sales.region INDIRECT WINDOW, public.sales.sold_at INDIRECT WINDOW

SELECT region, sum(sum(amount)) OVER (ORDER BY region) AS cumulative FROM sales GROUP BY region
-- col region: public.sales.region DIRECT IDENTITY
-- col cumulative: public.sales.amount DIRECT AGGREGATION, public.sales.region INDIRECT WINDOW
-- indirect: public.sales.region GROUP_BY

SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY rep ORDER BY sold_at DESC) AS rn FROM sales) s WHERE rn = 1
-- col id: public.sales.id DIRECT IDENTITY
-- indirect: public.sales.rep FILTER, public.sales.sold_at FILTER

SELECT DISTINCT ON (rep) rep, amount FROM sales ORDER BY rep, sold_at DESC
-- col rep: public.sales.rep DIRECT IDENTITY
-- col amount: public.sales.amount DIRECT IDENTITY
-- indirect: public.sales.rep GROUP_BY, public.sales.rep SORT, public.sales.sold_at SORT

SELECT region, count(*) AS n FROM sales GROUP BY region ORDER BY count(*) DESC, region
-- col region: public.sales.region DIRECT IDENTITY
-- col n:
-- indirect: public.sales.region GROUP_BY, public.sales.region SORT

SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY 2 DESC
-- col region: public.sales.region DIRECT IDENTITY
-- col total: public.sales.amount DIRECT AGGREGATION
-- indirect: public.sales.region GROUP_BY, public.sales.amount SORT

SELECT json_agg(json_build_object('p', product, 'q', qty)) AS items FROM sales
-- col items: public.sales.product DIRECT AGGREGATION, public.sales.qty DIRECT AGGREGATION

SELECT jsonb_object_agg(product, qty) AS m FROM sales
-- col m: public.sales.product DIRECT AGGREGATION, public.sales.qty DIRECT AGGREGATION

SELECT rep, max(amount) FILTER (WHERE sold_at > '2024-01-01') AS best FROM sales GROUP BY rep HAVING count(*) FILTER (WHERE qty > 1) > 2
-- col rep: public.sales.rep DIRECT IDENTITY
-- col best: public.sales.amount DIRECT AGGREGATION, public.sales.sold_at INDIRECT FILTER
-- indirect: public.sales.rep GROUP_BY, public.sales.qty FILTER
