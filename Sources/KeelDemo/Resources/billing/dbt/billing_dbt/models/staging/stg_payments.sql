-- One row per payment.
select
    id as payment_id,
    invoice_id,
    amount,
    method as payment_method,
    paid_at
from {{ source('billing', 'payments') }}
