{# Whether an invoice counts as revenue: anything but the void status (var void_status). #}
{% macro is_revenue(status_column='status') -%}
    {{ status_column }} <> '{{ var("void_status", "void") }}'
{%- endmacro %}
