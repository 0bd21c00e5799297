-- The corpus database of the lint tests, as SQL: LintFixtures.catalog (Tests/KeelPlanTests/Lint/LintFixtures.swift)
-- describes it by hand with production-sized statistics, and catalog.json is that catalog written canonically.
-- LintCorpusCatalogDiscoveryTests (KeelCLITests) runs `keel discover --dump` on this file and checks that real discovery finds the
-- same structure (tables, columns, types, nullability, constraints, indexes, views, functions and their
-- volatility, enums, domains), and that `keel lint` reports the same findings on the corpus with either catalog.
-- The tables that are big in catalog.json get a few rows here, so that neither catalog calls them empty.
SET TimeZone = 'UTC';

CREATE TYPE public.account_status AS ENUM ('active', 'suspended');
CREATE DOMAIN public.positive_amount AS numeric CONSTRAINT positive_amount_check CHECK (VALUE > 0);

CREATE FUNCTION public.app_default_region() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'eu'::text $$;
CREATE FUNCTION public.next_ticket() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (random() * 1000)::bigint; END $$;

CREATE TABLE public.accounts (
    id bigint NOT NULL,
    email character varying(50),
    name text,
    status text,
    balance numeric(10,2),
    created_at timestamp without time zone,
    region_id integer,
    legacy_code character(3),
    score integer,
    note character varying(200),
    nickname text NOT NULL,
    kind public.account_status,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_email_key UNIQUE (email)
);
ALTER TABLE public.accounts ADD CONSTRAINT accounts_email_not_null CHECK (email IS NOT NULL) NOT VALID;
CREATE INDEX accounts_created_at_idx ON public.accounts USING btree (created_at);

CREATE TABLE public.orders (
    id bigint NOT NULL,
    account_id bigint,
    amount numeric(12,2),
    placed_at timestamp with time zone DEFAULT now(),
    note text,
    code text,
    total numeric(12,2),
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts (id)
);
CREATE INDEX orders_account_id_idx ON public.orders USING btree (account_id);

CREATE TABLE public.audit_log (id bigint NOT NULL, payload jsonb, "at" timestamp with time zone);
CREATE INDEX audit_log_at_idx ON public.audit_log USING btree ("at");

CREATE TABLE public.settings (key text, value text);

CREATE TABLE public.events (id bigint NOT NULL, happened_at timestamp with time zone NOT NULL, kind text)
    PARTITION BY RANGE (happened_at);
CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE VIEW public.account_emails AS SELECT accounts.id, accounts.email FROM public.accounts;
CREATE MATERIALIZED VIEW public.daily_totals AS
    SELECT date_trunc('day', orders.placed_at) AS day, sum(orders.amount) AS total FROM public.orders GROUP BY 1;

INSERT INTO public.accounts (id, email, nickname, status)
    SELECT g, 'user' || g || '@example.com', 'n' || g, 'active' FROM generate_series(1, 20) g;
INSERT INTO public.orders (id, account_id, amount) SELECT g, 1 + g % 20, g FROM generate_series(1, 50) g;
INSERT INTO public.settings VALUES ('theme', 'dark');
INSERT INTO public.events VALUES (1, '2024-06-01', 'signup');
-- Validated after the rows exist, as in production; accounts_status_not_null stays NOT VALID.
ALTER TABLE public.accounts VALIDATE CONSTRAINT accounts_email_not_null;
ALTER TABLE public.accounts ADD CONSTRAINT accounts_status_not_null CHECK (status IS NOT NULL) NOT VALID;
REFRESH MATERIALIZED VIEW public.daily_totals;
ANALYZE;
