extension KeelConfig {
    /// The commented starter file `keel init` writes. It parses as a valid configuration.
    public static let starterText = """
        # keel.yaml: where Keel finds your database and everything that reads from it.
        # Paths are relative to this file. Keel parses your dbt project and DAG files; it never runs them.
        version: 1

        # The database in each environment: a connection URL (url) or the name of the environment
        # variable holding one (url_env). Never put a password here: use url_env, PGPASSWORD or ~/.pgpass.
        environments:
          staging:
            url_env: KEEL_STAGING_URL
          production:
            url_env: KEEL_PRODUCTION_URL
            production: true        # Keel asks before touching it, and checks harder

        # Unqualified table names in dashboard and DAG SQL resolve against these schemas.
        search_path: [public]

        # Your dbt project (the folder holding dbt_project.yml). Keel renders its Jinja itself, or reads
        # dbt's own compiled SQL from a manifest when you name one.
        # dbt:
        #   project: dbt/my_project
        #   manifest: dbt/my_project/target/manifest.json   # optional: prefer dbt's compiled SQL
        #   profiles_dir: ~/.dbt                            # optional: take the target from profiles.yml
        #   target:                                         # or give it here
        #     name: prod
        #     schema: analytics
        #   vars:                                           # like dbt --vars
        #     start_date: "2024-01-01"

        # Your Airflow DAG folder. Keel reads the SQL of SQL operators (SQLExecuteQueryOperator,
        # PostgresOperator, …) and the dbt commands of BashOperators.
        # airflow:
        #   dags: dags
        #   template_searchpath: [sql]     # extra folders for sql="file.sql"
        #   logical_date: "2024-01-01"     # the value of {{ ds }} when Keel renders templates

        # Dashboards, reports and APIs that query the database directly. kind is one of
        # dashboard, report, api, notebook, application. Parameters are $1, $2, … in order.
        dashboards: []
        # dashboards:
        #   - name: Revenue overview
        #     kind: dashboard
        #     owner: finance@example.com
        #     queries:
        #       - sql: SELECT month, revenue FROM analytics.monthly_revenue ORDER BY month
        #   - name: GET /invoices/{id}
        #     kind: api
        #     owner: billing-team@example.com
        #     queries:
        #       - sql: SELECT id, amount, status FROM invoices WHERE id = $1
        #         parameters:
        #           - { name: id, type: bigint, example: 42 }

        # What keel monitor counts as a regression after a change (these are the defaults).
        # monitor:
        #   mean_time_ratio: 2.0        # a query at least 2x slower on average...
        #   min_mean_increase_ms: 1.0   # ...and at least 1 ms slower
        #   null_rate_increase: 0.05    # +5 points of nulls in a changed column
        #   row_count_drop: 0.1         # 10 % of the rows gone

        """
}
