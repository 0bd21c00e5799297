import KeelLineage
import Testing

@Suite("Airflow DAG loader")
struct AirflowDagLoaderTests {
    static let links = [DbtProjectLink(name: "billing_dbt", path: LineageFixtures.billingDbt)]

    static func parse(_ source: String, file: String = "/tmp/dags/test_dag.py", options: AirflowLoadOptions = AirflowLoadOptions())
        throws -> AirflowDagFolder
    {
        try AirflowDagLoader.parse(source, file: file, options: options)
    }

    @Test("nightly_billing: three tasks in order, the scenario's SQL, dbt build linked to billing_dbt")
    func nightlyBilling() throws {
        let folder = try AirflowDagLoader.load(folder: LineageFixtures.billingDags, options: AirflowLoadOptions(dbtProjects: Self.links))
        #expect(folder.diagnostics.isEmpty, "\(folder.diagnostics)")
        let dag = try #require(folder.dag("nightly_billing"))
        #expect(dag.tasks.map(\.taskId) == ["mark_overdue", "snapshot_revenue", "run_dbt"])
        #expect(dag.dependencies == [
            AirflowDependency(upstream: "mark_overdue", downstream: "snapshot_revenue"),
            AirflowDependency(upstream: "snapshot_revenue", downstream: "run_dbt"),
        ])
        #expect(dag.schedule == "0 2 * * *")
        #expect(dag.tags == ["billing", "finance"])
        let markOverdue = try #require(dag.task("mark_overdue"))
        #expect(markOverdue.kind == .sql)
        #expect(markOverdue.operatorName == "SQLExecuteQueryOperator")
        #expect(markOverdue.connectionId == "billing_production")
        #expect(markOverdue.statements.map(\.text) == [
            "UPDATE invoices SET status = 'overdue' WHERE due_at < now() AND paid_at IS NULL AND status = 'open'",
        ])
        #expect(markOverdue.statements.allSatisfy { $0.parses })
        let snapshot = try #require(dag.task("snapshot_revenue"))
        #expect(snapshot.statements.count == 1)
        #expect(snapshot.statements.first?.text.hasPrefix("INSERT INTO analytics.revenue_snapshots (snapshot_date, paid_revenue)") == true)
        #expect(snapshot.statements.first?.location.line == 43)
        #expect(snapshot.statements.first?.parses == true)
        let runDbt = try #require(dag.task("run_dbt"))
        #expect(runDbt.kind == .dbt)
        #expect(runDbt.bashCommand == "cd /opt/airflow/dbt/billing_dbt && dbt build --project-dir /opt/airflow/dbt/billing_dbt --target prod")
        #expect(runDbt.dbtCommands == [AirflowDbtCommand(
            command: "build", projectDirectory: "/opt/airflow/dbt/billing_dbt", target: "prod",
            commandLine: "dbt build --project-dir /opt/airflow/dbt/billing_dbt --target prod", linkedProject: "billing_dbt")])
        #expect(folder.consumers.map(\.id) == [
            "airflow:nightly_billing.mark_overdue", "airflow:nightly_billing.snapshot_revenue", "airflow:nightly_billing.run_dbt",
        ])
        #expect(folder.consumers.last?.dependsOn == ["airflow:nightly_billing.snapshot_revenue", "dbt:project.billing_dbt"])
    }

    @Test("SQL operators, sql lists, templates, macros, params and every dependency form")
    func operatorsAndDependencies() throws {
        let root = try LineageFixtures.write([
            "dags/etl.py": """
                import datetime
                from airflow import models
                from airflow.models.baseoperator import chain, cross_downstream
                from airflow.providers.postgres.operators.postgres import PostgresOperator
                from airflow.providers.snowflake.operators.snowflake import SnowflakeOperator
                from airflow.providers.common.sql.operators.sql import (
                    SQLCheckOperator, SQLColumnCheckOperator, SQLTableCheckOperator,
                )
                from airflow.providers.amazon.aws.operators.redshift_sql import RedshiftSQLOperator
                from airflow.providers.google.cloud.operators.bigquery import BigQueryInsertJobOperator
                from airflow.operators.empty import EmptyOperator
                from airflow.utils.task_group import TaskGroup

                TABLES = ["orders", "refunds"]
                SCHEMA = "staging"

                def load(table):
                    return PostgresOperator(task_id=f"load_{table}", postgres_conn_id="warehouse",
                                            sql=f"INSERT INTO {SCHEMA}.{table} SELECT * FROM raw.{table} WHERE day = '{{{{ ds }}}}'")

                with models.DAG("etl", template_searchpath=["sql"], params={"limit": 10},
                                schedule_interval="@daily", start_date=datetime.datetime(2024, 1, 1)) as dag:
                    start = EmptyOperator(task_id="start")
                    loads = [load(t) for t in TABLES]
                    from_file = PostgresOperator(task_id="from_file", sql="report.sql", params={"region": "EMEA"})
                    many = PostgresOperator(task_id="many", sql=["DELETE FROM staging.tmp", "VACUUM staging.tmp"])
                    snow = SnowflakeOperator(task_id="snow", sql="SELECT * FROM t LIMIT {{ params.limit }}")
                    red = RedshiftSQLOperator(task_id="red", sql="SELECT {{ macros.ds_add(ds, 7) }}::date")
                    bq = BigQueryInsertJobOperator(task_id="bq", configuration={"query": {"query": "SELECT 1", "useLegacySql": False}})
                    check = SQLCheckOperator(task_id="check", sql="SELECT count(*) > 0 FROM staging.orders WHERE day = %(day)s",
                                             parameters={"day": "{{ ds }}"})
                    columns = SQLColumnCheckOperator(task_id="columns", table="staging.orders",
                                                     column_mapping={"id": {"null_check": {"equal_to": 0}}, "amount": {"min": {"geq_to": 0}}})
                    table_check = SQLTableCheckOperator(task_id="table_check", table="staging.orders",
                                                        checks={"rows": {"check_statement": "COUNT(*) > 0"}})
                    with TaskGroup("publish") as publish:
                        a = EmptyOperator(task_id="a")
                        b = EmptyOperator(task_id="b")
                        a >> b
                    start >> loads
                    loads[0] << start
                    chain(loads, [from_file, many], snow)
                    snow.set_downstream(red)
                    bq.set_upstream(red)
                    cross_downstream([bq], [check, columns])
                    table_check << columns
                    table_check >> publish
                """,
            "dags/sql/report.sql": "SELECT region, sum(amount)\nFROM staging.orders\nWHERE region = '{{ params.region }}' AND day = '{{ ds }}'\nGROUP BY region\n",
        ])
        let folder = try AirflowDagLoader.load(folder: root + "/dags")
        #expect(folder.diagnostics.isEmpty, "\(folder.diagnostics)")
        let dag = try #require(folder.dag("etl"))
        #expect(dag.schedule == "@daily")
        #expect(dag.templateSearchPath == ["sql"])
        #expect(dag.tasks.map(\.taskId) == [
            "start", "load_orders", "load_refunds", "from_file", "many", "snow", "red", "bq", "check", "columns", "table_check",
            "publish.a", "publish.b",
        ])
        func sql(_ id: String) -> [String] { dag.task(id)?.statements.map(\.text) ?? [] }
        #expect(sql("load_orders") == ["INSERT INTO staging.orders SELECT * FROM raw.orders WHERE day = '2024-01-01'"])
        #expect(dag.task("load_orders")?.connectionId == "warehouse")
        #expect(sql("from_file") == ["SELECT region, sum(amount)\nFROM staging.orders\nWHERE region = 'EMEA' AND day = '2024-01-01'\nGROUP BY region"])
        #expect(dag.task("from_file")?.sqlSources == [.file(root + "/dags/sql/report.sql")])
        #expect(sql("many") == ["DELETE FROM staging.tmp", "VACUUM staging.tmp"])
        #expect(sql("snow") == ["SELECT * FROM t LIMIT 10"])
        #expect(sql("red") == ["SELECT 2024-01-08::date"])
        #expect(sql("bq") == ["SELECT 1"])
        #expect(sql("check") == ["SELECT count(*) > 0 FROM staging.orders WHERE day = $1"])
        #expect(dag.task("check")?.kind == .sqlCheck)
        #expect(sql("columns") == ["SELECT id, amount FROM staging.orders"])
        #expect(dag.task("columns")?.sqlSources == [.synthesized])
        #expect(sql("table_check") == ["SELECT COUNT(*) > 0 FROM staging.orders"])
        #expect(dag.task("start")?.kind == .other)
        let edges = Set(dag.dependencies.map { "\($0.upstream)>\($0.downstream)" })
        #expect(edges == [
            "start>load_orders", "start>load_refunds", "load_orders>from_file", "load_refunds>many", "from_file>snow", "many>snow",
            "snow>red", "red>bq", "bq>check", "bq>columns", "columns>table_check", "table_check>publish.a", "table_check>publish.b",
            "publish.a>publish.b",
        ])
    }

    @Test("TaskFlow: @dag and @task functions, dependencies through arguments, Variable.get and if branches")
    func taskFlow() throws {
        let folder = try Self.parse("""
            from airflow.decorators import dag, task
            from airflow.models import Variable
            from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
            import pendulum

            ENV = Variable.get("env", default_var="prod")

            @dag(schedule=None, start_date=pendulum.datetime(2024, 1, 1), tags=["flow"])
            def flow():
                @task
                def extract():
                    return [1, 2]

                @task(task_id="transform_rows")
                def transform(rows):
                    return rows

                rows = transform(extract())
                if ENV == "prod":
                    write = SQLExecuteQueryOperator(task_id="write", conn_id="db", sql="INSERT INTO t VALUES (1)")
                else:
                    write = SQLExecuteQueryOperator(task_id="write_dev", conn_id="db", sql="INSERT INTO t_dev VALUES (1)")
                rows >> write

            flow()
            """)
        let dag = try #require(folder.dag("flow"))
        #expect(dag.tags == ["flow"])
        #expect(dag.tasks.map(\.taskId) == ["extract", "transform_rows", "write"])
        #expect(dag.tasks.map(\.operatorName) == ["@task.python", "@task.python", "SQLExecuteQueryOperator"])
        #expect(dag.dependencies == [
            AirflowDependency(upstream: "extract", downstream: "transform_rows"),
            AirflowDependency(upstream: "transform_rows", downstream: "write"),
        ])
    }

    @Test("SQL only known at run time is a warning, not a failure; a missing template is an error diagnostic")
    func dynamicSQL() throws {
        let folder = try Self.parse("""
            from airflow import DAG
            from airflow.providers.postgres.operators.postgres import PostgresOperator
            from helpers import build_sql

            with DAG(dag_id="dyn") as dag:
                a = PostgresOperator(task_id="a", sql=build_sql())
                b = PostgresOperator(task_id="b", sql="missing.sql")
                c = PostgresOperator(task_id="c", sql="SELEC broken")
            """)
        let dag = try #require(folder.dag("dyn"))
        #expect(dag.tasks.map(\.taskId) == ["a", "b", "c"])
        #expect(folder.diagnostics.map(\.code) == [
            "lineage.airflow-dynamic-sql", "lineage.airflow-template-not-found", "lineage.sql-unparsable",
        ])
        #expect(folder.diagnostics.map(\.location.line) == [6, 7, 8])
        #expect(dag.task("c")?.statements.first?.parses == false)
    }

    @Test("dbt command lines: flags, select lists, cd and env prefixes")
    func dbtCommands() throws {
        let folder = try Self.parse("""
            from airflow import DAG
            from airflow.operators.bash import BashOperator
            with DAG("dbt_jobs") as dag:
                run = BashOperator(task_id="run", bash_command="cd /srv/billing_dbt && DBT_PROFILES_DIR=. dbt run -s stg_invoices+ fct_invoice_revenue --exclude tag:slow --full-refresh --vars '{\\"x\\": 1}'")
                other = BashOperator(task_id="other", bash_command="echo hello")
                unlinked = BashOperator(task_id="unlinked", bash_command="dbt test --project-dir /srv/other_project")
            """, options: AirflowLoadOptions(dbtProjects: Self.links))
        let dag = try #require(folder.dag("dbt_jobs"))
        let run = try #require(dag.task("run")?.dbtCommands.first)
        #expect(run.command == "run")
        #expect(run.select == ["stg_invoices+", "fct_invoice_revenue"])
        #expect(run.exclude == ["tag:slow"])
        #expect(run.fullRefresh)
        #expect(run.vars == "{\"x\": 1}")
        #expect(run.projectDirectory == "/srv/billing_dbt")
        #expect(run.linkedProject == "billing_dbt")
        #expect(dag.task("other")?.kind == .other)
        #expect(dag.task("unlinked")?.dbtCommands.first?.linkedProject == nil)
        #expect(folder.diagnostics.map(\.code) == ["lineage.airflow-unlinked-dbt"])
    }

    @Test("files that do not mention airflow and dag are not read, like Airflow's safe mode")
    func safeMode() throws {
        let root = try LineageFixtures.write(["dags/helper.py": "def broken(:\n", "dags/real.py": "from airflow import DAG\nDAG('x')\n"])
        let folder = try AirflowDagLoader.load(folder: root + "/dags")
        #expect(folder.dags.map(\.dagId) == ["x"])
    }
}
