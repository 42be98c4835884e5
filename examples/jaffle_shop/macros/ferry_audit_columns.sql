{#-
    Audit columns describing the run that built a model.

    Inside a Ferry schedule run the values come from the FERRY_SCHEDULE_*
    environment variables; outside one (a developer's dbt run) they default to
    'local' and the current time. Use it at the end of a select list:

        select ..., {{ ferry_audit_columns() }} from ...

    env_var() is only read when the SQL is rendered, so the values never change
    a model's checksum: state:modified does not flag models because prod and
    dev see different FERRY_* values.

    FERRY_SCHEDULE_RUN_START_DTTM is an ISO-8601 UTC string such as
    2024-05-01T02:00:00Z; it is stored as a timestamp in UTC.
-#}
{% macro ferry_audit_columns() -%}
    {%- set started_at = env_var('FERRY_SCHEDULE_RUN_START_DTTM', '') | trim -%}
    {{ ferry_sql_string(env_var('FERRY_SCHEDULE_RUN_ID', 'local')) }} as ferry_run_id,
    {{ ferry_sql_string(env_var('FERRY_SCHEDULE_NAME', 'local')) }} as ferry_schedule_name,
    {{ ferry_sql_string(env_var('FERRY_SCHEDULE_TRIGGER', 'local')) }} as ferry_trigger,
    {{ ferry_sql_string(env_var('FERRY_SCHEDULE_GIT_SHA', 'local')) }} as ferry_git_sha,
    {% if started_at -%}
    timezone('UTC', cast({{ ferry_sql_string(started_at) }} as timestamptz))
    {%- else -%}
    timezone('UTC', current_timestamp)
    {%- endif %} as ferry_run_started_at
{%- endmacro %}

{# A single-quoted SQL string literal, with embedded quotes doubled. #}
{% macro ferry_sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
