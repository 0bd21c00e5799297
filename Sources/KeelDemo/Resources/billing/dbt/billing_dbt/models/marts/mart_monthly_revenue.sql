{{ config(materialized='table') }}

-- Revenue per calendar month of issue; void invoices are not revenue.
select
    date_trunc('month', issued_at) as month,
    sum(invoiced_amount) as revenue,
    count(*) as invoice_count
from {{ ref('fct_invoice_revenue') }}
where {{ is_revenue('status') }}
group by date_trunc('month', issued_at)
