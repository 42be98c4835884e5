with customer_orders as (
    select
        customer_id,
        min(order_date) as first_order_date,
        max(order_date) as most_recent_order_date,
        count(*) as order_count
    from {{ ref('orders') }}
    group by customer_id
)

select
    c.customer_id,
    c.first_name,
    c.last_name,
    c.signup_date,
    co.first_order_date,
    co.most_recent_order_date,
    coalesce(co.order_count, 0) as order_count,
    {{ ferry_audit.audit_columns() }}
from {{ ref('stg_customers') }} as c
left join customer_orders as co using (customer_id)
