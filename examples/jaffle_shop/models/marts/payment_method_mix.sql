select
    payment_method,
    count(*) as payment_count,
    sum(amount) as amount,
    round(sum(amount) / sum(sum(amount)) over (), 4) as share_of_amount
from {{ ref('stg_payments') }}
group by payment_method
