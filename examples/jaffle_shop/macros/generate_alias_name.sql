{#-
    The kind of macro teams carry over from dbt Cloud: builds for a GitHub pull
    request get their own relations (orders_pr_42), so a CI run never overwrites
    production tables. It branches on dbt Cloud's own variables, which Ferry sets
    for schedules with runtime_variable_aliases: [dbt_cloud]; everywhere else it
    names relations as dbt does (with _v<version> for versioned models).
-#}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
    {%- if custom_alias_name -%}
        {%- set alias = custom_alias_name | trim -%}
    {%- elif node.version -%}
        {%- set alias = node.name ~ "_v" ~ (node.version | replace(".", "_")) -%}
    {%- else -%}
        {%- set alias = node.name -%}
    {%- endif -%}
    {%- if env_var('DBT_CLOUD_RUN_REASON_CATEGORY', '') == 'github_pull_request' -%}
        {{ alias }}_pr_{{ env_var('DBT_CLOUD_PR_ID') }}
    {%- else -%}
        {{ alias }}
    {%- endif -%}
{%- endmacro %}
