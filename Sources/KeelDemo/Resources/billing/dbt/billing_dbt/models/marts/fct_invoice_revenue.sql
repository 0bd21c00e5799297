{{
    config(
        materialized='incremental',
        unique_key='invoice_id',
        on_schema_change='append_new_columns'
    )
}}

-- Invoiced, paid and outstanding amount per invoice. An incremental run re-reads the last
-- var('lookback_days') days of invoices, so late payments and status changes are picked up.
with invoices as (

    select * from {{ ref('stg_invoices') }}
    {% if is_incremental() %}
    where issued_at >= (select max(issued_at) - interval '{{ var("lookback_days") }} days' from {{ this }})
    {% endif %}

),

payments as (

    select
        invoice_id,
        sum(amount) as paid_amount
    from {{ ref('stg_payments') }}
    group by invoice_id

)

select
    invoices.invoice_id,
    invoices.customer_id,
    invoices.status,
    invoices.currency,
    invoices.issued_at,
    invoices.amount as invoiced_amount,
    coalesce(payments.paid_amount, 0) as paid_amount,
    invoices.amount - coalesce(payments.paid_amount, 0) as outstanding
from invoices
left join payments
    on payments.invoice_id = invoices.invoice_id
