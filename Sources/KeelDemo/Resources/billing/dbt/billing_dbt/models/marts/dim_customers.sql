-- One row per customer, with what they have been invoiced so far.
with customers as (

    select
        id as customer_id,
        email,
        name,
        country,
        created_at
    from {{ source('billing', 'customers') }}

),

revenue as (

    select
        customer_id,
        sum(invoiced_amount) as lifetime_value,
        count(*) as invoice_count,
        min(issued_at) as first_invoiced_at
    from {{ ref('fct_invoice_revenue') }}
    group by customer_id

)

select
    customers.customer_id,
    customers.email,
    customers.name,
    customers.country,
    customers.created_at,
    coalesce(revenue.lifetime_value, 0) as lifetime_value,
    coalesce(revenue.invoice_count, 0) as invoice_count,
    revenue.first_invoiced_at
from customers
left join revenue
    on revenue.customer_id = customers.customer_id
