select
    c.customer_id,
    c.first_name || ' ' || c.last_name as customer_name,
    c.order_count,
    coalesce(sum(case when o.is_returned then 0 else o.amount end), 0) as lifetime_value,
    case
        when c.order_count = 0 then null
        else round(coalesce(sum(case when o.is_returned then 0 else o.amount end), 0) / c.order_count, 2)
    end as average_order_value
from {{ ref('customers') }} as c
left join {{ ref('orders') }} as o using (customer_id)
group by c.customer_id, c.first_name, c.last_name, c.order_count
