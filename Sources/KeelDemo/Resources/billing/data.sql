-- Deterministic data for the billing scenario, generated set-based inside PostgreSQL.
--
--   psql -X -v ON_ERROR_STOP=1 -v scale=1 -f data.sql
--
-- scale 1 ≈ 10k customers, 200k invoices, 400k invoice items and 150k payments; scale 10 gives
-- the load benchmark's 2M invoices; fractions work too (scale 0.01 ≈ 100 customers, 2k invoices).
-- The same scale always produces the same rows: every "random" choice is an integer hash of the
-- row number (no random(), no now()), and dates are offsets from fixed days.
-- Expects an empty schema.sql; run it once.

\if :{?scale}
\else
\set scale 1
\endif

SELECT greatest(1, round(:scale * 10000))::bigint  AS n_customers,
       greatest(1, round(:scale * 200000))::bigint AS n_invoices,
       greatest(4, round(:scale * 50))::bigint     AS n_users
\gset

BEGIN;

-- h(n, salt): a well-mixed, deterministic integer in [0, 1000000007) for row n.
CREATE FUNCTION pg_temp.h(n bigint, salt integer) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ((((n + salt * 7919) * 2654435761) # (((n + salt * 7919) * 2654435761) >> 13)) % 1000000007 + 1000000007) % 1000000007 $$;

-- pick(items, n, salt): one element of items, chosen by h.
CREATE FUNCTION pg_temp.pick(items text[], n bigint, salt integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT items[1 + (pg_temp.h(n, salt) % cardinality(items))::integer] $$;

-- Plans: a fixed price list.
INSERT INTO public.plans (id, name, price)
VALUES (1, 'Starter', 19), (2, 'Team', 49), (3, 'Business', 199), (4, 'Enterprise', 999);

-- Customers: created during 2022.
INSERT INTO public.customers (id, email, name, country, created_at)
SELECT i,
       'customer' || i || '@example.com',
       pg_temp.pick(ARRAY['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Ken','Radia','Tim'], i, 1)
         || ' ' ||
       pg_temp.pick(ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Knuth','Allen','Thompson','Perlman','Lee'], i, 2),
       pg_temp.pick(ARRAY['US','US','US','GB','DE','FR','NL','CA','AU','JP'], i, 3),
       timestamptz '2022-01-01 00:00:00+00' + make_interval(secs => (pg_temp.h(i, 4) % (365 * 86400))::double precision)
FROM generate_series(1, :n_customers) AS i;

-- Subscriptions: one per customer (id = customer id), plus a canceled earlier one for every fifth.
INSERT INTO public.subscriptions (id, customer_id, plan_id, started_at, canceled_at)
SELECT c.id, c.id, 1 + pg_temp.h(c.id, 5) % 4, c.created_at, NULL
FROM public.customers AS c;

INSERT INTO public.subscriptions (id, customer_id, plan_id, started_at, canceled_at)
SELECT :n_customers + c.id, c.id, 1 + pg_temp.h(c.id, 6) % 4,
       c.created_at - interval '180 days', c.created_at - interval '1 day'
FROM public.customers AS c
WHERE pg_temp.h(c.id, 7) % 5 = 0;

-- Invoice lines first, in a scratch table: 1 to 3 lines per invoice (2 on average).
CREATE TEMPORARY TABLE gen_items ON COMMIT DROP AS
SELECT inv AS invoice_id,
       line,
       (1 + pg_temp.h(inv * 4 + line, 8) % 5)::integer AS quantity,
       (ARRAY[5, 9, 19, 25, 49, 99, 199, 250])[1 + (pg_temp.h(inv * 4 + line, 9) % 8)::integer] AS unit_price,
       pg_temp.pick(ARRAY['Seats','Storage','Support','API calls','Onboarding','Overage'], inv * 4 + line, 10) AS description
FROM generate_series(1, :n_invoices) AS inv,
     LATERAL generate_series(1, (1 + pg_temp.h(inv, 11) % 3)::integer) AS line;

-- Invoices: issued in 2023–2024, due 30 days later. Status mix: 70% paid, 15% open,
-- 7% overdue, 5% draft, 3% void. The amount is the sum of the lines.
CREATE TEMPORARY TABLE gen_invoices ON COMMIT DROP AS
SELECT inv AS id,
       1 + pg_temp.h(inv, 12) % :n_customers AS customer_id,
       pg_temp.h(inv, 13) % 100 AS status_roll,
       timestamptz '2023-01-01 00:00:00+00'
         + make_interval(secs => (pg_temp.h(inv, 14) % (730 * 86400))::double precision) AS issued_at
FROM generate_series(1, :n_invoices) AS inv;

INSERT INTO public.invoices (id, customer_id, subscription_id, amount, currency, status, issued_at, due_at, paid_at)
SELECT g.id,
       g.customer_id,
       CASE WHEN pg_temp.h(g.id, 15) % 100 < 85 THEN g.customer_id END,
       totals.amount,
       pg_temp.pick(ARRAY['USD','USD','USD','USD','USD','USD','USD','USD','EUR','GBP'], g.id, 16),
       status.value,
       g.issued_at,
       CASE WHEN status.value <> 'draft' THEN g.issued_at + interval '30 days' END,
       CASE WHEN status.value = 'paid'
            THEN g.issued_at + make_interval(secs => (pg_temp.h(g.id, 17) % (40 * 86400))::double precision) END
FROM gen_invoices AS g
JOIN (SELECT invoice_id, sum(quantity * unit_price)::integer AS amount FROM gen_items GROUP BY invoice_id) AS totals
  ON totals.invoice_id = g.id
CROSS JOIN LATERAL (
  SELECT CASE WHEN g.status_roll < 70 THEN 'paid'
              WHEN g.status_roll < 85 THEN 'open'
              WHEN g.status_roll < 92 THEN 'overdue'
              WHEN g.status_roll < 97 THEN 'draft'
              ELSE 'void' END AS value
) AS status
ORDER BY g.id;

INSERT INTO public.invoice_items (id, invoice_id, description, quantity, unit_price)
SELECT row_number() OVER (ORDER BY invoice_id, line), invoice_id, description, quantity, unit_price
FROM gen_items
ORDER BY invoice_id, line;

-- Payments: one full payment per paid invoice, and a half payment on a third of the open ones.
INSERT INTO public.payments (id, invoice_id, amount, method, paid_at)
SELECT row_number() OVER (ORDER BY p.invoice_id), p.invoice_id, p.amount,
       pg_temp.pick(ARRAY['card','card','card','bank_transfer','paypal','ach'], p.invoice_id, 18), p.paid_at
FROM (
  SELECT id AS invoice_id, amount, paid_at FROM public.invoices WHERE status = 'paid'
  UNION ALL
  SELECT id, amount / 2, issued_at + interval '10 days'
  FROM public.invoices
  WHERE status = 'open' AND pg_temp.h(id, 19) % 3 = 0
) AS p
ORDER BY p.invoice_id;

-- Staff logins and the sales team.
INSERT INTO public.users (id, email, role)
SELECT i, 'staff' || i || '@billing.example',
       CASE WHEN i = 1 THEN 'admin' ELSE pg_temp.pick(ARRAY['support','finance','sales','sales','engineering'], i, 20) END
FROM generate_series(1, :n_users) AS i;

INSERT INTO public.sales_reps (id, user_id, region)
SELECT row_number() OVER (ORDER BY u.id), u.id, pg_temp.pick(ARRAY['EMEA','NA','APAC','LATAM'], u.id, 21)
FROM public.users AS u
WHERE u.role = 'sales'
ORDER BY u.id;

-- Identity columns continue after the generated ids.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['customers', 'plans', 'subscriptions', 'invoices', 'invoice_items', 'payments',
                             'users', 'sales_reps'] LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), (SELECT coalesce(max(id), 0) + 1 FROM public.%I), false)',
                       'public.' || t, 'id', t);
    END LOOP;
END
$$;

COMMIT;

ANALYZE public.customers, public.plans, public.subscriptions, public.invoices, public.invoice_items,
        public.payments, public.users, public.sales_reps;
