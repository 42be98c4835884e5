{#-
    Audit columns describing the run that built a model:

        ferry_run_id, ferry_schedule_name, ferry_trigger, ferry_git_sha,
        ferry_run_started_at (a UTC timestamp), model_version

    Inside a Ferry schedule run the values come from the FERRY_* runtime
    variables; outside one (a developer's dbt run) they are 'local' and the
    current time, so the same model works in both. model_version is the
    model's version for versioned models (dbt 1.5+), else null.

    Use it at the end of a select list:

        select ..., {{ ferry_audit.audit_columns() }} from ...

    env_var() is only read when the SQL is rendered, so the values never change
    a model's checksum: state:modified does not flag models because prod and
    dev see different FERRY_* values.
-#}
{% macro audit_columns() -%}
    {{ return(adapter.dispatch('audit_columns', 'ferry_audit')()) }}
{%- endmacro %}

{% macro default__audit_columns() -%}
    {%- set started_at = env_var('FERRY_SCHEDULE_RUN_START_DTTM', '') | trim -%}
    {{ ferry_audit.sql_string(env_var('FERRY_SCHEDULE_RUN_ID', 'local')) }} as ferry_run_id,
    {{ ferry_audit.sql_string(env_var('FERRY_SCHEDULE_NAME', 'local')) }} as ferry_schedule_name,
    {{ ferry_audit.sql_string(env_var('FERRY_SCHEDULE_TRIGGER', 'local')) }} as ferry_trigger,
    {{ ferry_audit.sql_string(env_var('FERRY_SCHEDULE_GIT_SHA', 'local')) }} as ferry_git_sha,
    {{ ferry_audit.utc_timestamp(started_at) }} as ferry_run_started_at,
    {{ ferry_audit.model_version() }} as model_version
{%- endmacro %}

{#- The model's version as a string literal, or a typed null when it has none. -#}
{% macro model_version() -%}
    {%- set version = model.get('version') if model is mapping else none -%}
    {%- if version is not none -%}
    {{ ferry_audit.sql_string(version) }}
    {%- else -%}
    cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- An ISO-8601 UTC instant as a timestamp without time zone, in UTC; now when empty. -#}
{% macro utc_timestamp(iso_instant) -%}
    {{ return(adapter.dispatch('utc_timestamp', 'ferry_audit')(iso_instant)) }}
{%- endmacro %}

{% macro default__utc_timestamp(iso_instant) -%}
    {%- if iso_instant -%}
    cast({{ ferry_audit.sql_string(iso_instant | replace('T', ' ') | replace('Z', '')) }} as {{ dbt.type_timestamp() }})
    {%- else -%}
    {{ dbt.current_timestamp() }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__utc_timestamp(iso_instant) -%}
    {%- if iso_instant -%}
    timezone('UTC', cast({{ ferry_audit.sql_string(iso_instant) }} as timestamptz))
    {%- else -%}
    timezone('UTC', current_timestamp)
    {%- endif -%}
{%- endmacro %}

{#- A single-quoted SQL string literal, with embedded quotes doubled. -#}
{% macro sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
