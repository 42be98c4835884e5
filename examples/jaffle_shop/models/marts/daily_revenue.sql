{{ config(tags=['hourly']) }}

select
    order_date,
    count(*) as order_count,
    sum(case when is_returned then 0 else amount end) as revenue,
    sum(coupon_amount) as coupon_amount
from {{ ref('orders') }}
group by order_date
