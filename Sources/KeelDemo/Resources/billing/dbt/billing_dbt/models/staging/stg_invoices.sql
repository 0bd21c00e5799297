-- One row per invoice, renamed for analytics.
select
    id as invoice_id,
    customer_id,
    subscription_id,
    amount,
    currency,
    status,
    issued_at,
    due_at,
    paid_at
from {{ source('billing', 'invoices') }}
