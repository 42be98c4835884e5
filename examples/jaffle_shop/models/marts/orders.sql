{{ config(tags=['hourly']) }}

with payments as (
    select
        order_id,
        sum(amount) as amount,
        sum(case when payment_method = 'coupon' then amount else 0 end) as coupon_amount,
        count(*) as payment_count
    from {{ ref('stg_payments') }}
    group by order_id
)

select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.status,
    coalesce(p.amount, 0) as amount,
    coalesce(p.coupon_amount, 0) as coupon_amount,
    coalesce(p.payment_count, 0) as payment_count,
    o.status = 'returned' as is_returned
from {{ ref('stg_orders') }} as o
left join payments as p using (order_id)
