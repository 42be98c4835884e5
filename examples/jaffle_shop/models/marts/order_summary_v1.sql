-- Version 1 of a versioned model: orders and revenue per status, with the
-- audit columns (model_version is '1').
select
    status,
    count(*) as order_count,
    sum(amount) as amount,
    {{ ferry_audit.audit_columns() }}
from {{ ref('orders') }}
group by status
