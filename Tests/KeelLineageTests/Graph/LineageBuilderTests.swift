import Foundation
import KeelCore
import KeelLineage
import KeelTestSupport
import Testing

@Suite("lineage builder")
struct LineageBuilderTests {
    @Test("the billing graph: every consumer, dbt models on their relations, task outputs, no diagnostics")
    func billingGraph() throws {
        let graph = try BillingScenario.graph()
        #expect(graph.diagnostics.isEmpty, "\(graph.diagnostics)")
        #expect(graph.consumers.map(\.id) == [
            "airflow:nightly_billing.mark_overdue", "airflow:nightly_billing.run_dbt", "airflow:nightly_billing.snapshot_revenue",
            "api:GET /invoices/{id}", "dashboard:Revenue overview", "dashboard:Top customers",
            "dbt:exposure.billing_dbt.finance_api", "dbt:exposure.billing_dbt.revenue_dashboard",
            "dbt:model.billing_dbt.dim_customers", "dbt:model.billing_dbt.fct_invoice_revenue",
            "dbt:model.billing_dbt.mart_monthly_revenue", "dbt:model.billing_dbt.stg_invoices", "dbt:model.billing_dbt.stg_payments",
        ])
        let relations = Dictionary(uniqueKeysWithValues: graph.relations.map { ($0.name, $0) })
        let stg = try #require(relations["analytics.stg_invoices"])
        #expect(stg.kind == .model)
        #expect(stg.builtBy == "dbt:model.billing_dbt.stg_invoices")
        #expect(stg.columns == ["invoice_id", "customer_id", "subscription_id", "amount", "currency", "status", "issued_at", "due_at", "paid_at"])
        #expect(relations["analytics.fct_invoice_revenue"]?.columns == [
            "invoice_id", "customer_id", "status", "currency", "issued_at", "invoiced_amount", "paid_amount", "outstanding",
        ])
        #expect(relations["public.invoices"]?.kind == .table)
        #expect(relations["analytics.revenue_snapshots"]?.kind == .table)
        #expect(relations["public.invoices"]?.columns.count == 9)

        let consumers = Dictionary(uniqueKeysWithValues: graph.consumers.map { ($0.id, $0) })
        let fct = try #require(consumers["dbt:model.billing_dbt.fct_invoice_revenue"])
        #expect(fct.materialization == "incremental")
        #expect(fct.location == "dbt/billing_dbt/models/marts/fct_invoice_revenue.sql")
        #expect(fct.inputs.map { graph.relations[$0].name } == ["analytics.stg_invoices", "analytics.stg_payments"])
        #expect(fct.outputs.map { graph.relations[$0].name } == ["analytics.fct_invoice_revenue"])
        let markOverdue = try #require(consumers["airflow:nightly_billing.mark_overdue"])
        #expect(markOverdue.outputs.map { graph.relations[$0].name } == ["public.invoices"])
        #expect(consumers["api:GET /invoices/{id}"]?.reads.count == 5)   // id, amount, currency, status + id FILTER
        #expect(consumers["dbt:exposure.billing_dbt.finance_api"]?.inputs.map { graph.relations[$0].name } == ["analytics.fct_invoice_revenue"])
        #expect(consumers["airflow:nightly_billing.run_dbt"]?.dependsOn == ["airflow:nightly_billing.snapshot_revenue", "dbt:project.billing_dbt"])
        #expect(graph.validationProblem() == nil)
    }

    @Test("the edges of a statement: DIRECT sources per column, statement-level INDIRECT sources")
    func edges() throws {
        let graph = try BillingScenario.graph()
        let index = LineageIndex(graph)
        let snapshot = try #require(graph.consumers.first { $0.id == "airflow:nightly_billing.snapshot_revenue" })
        let statement = try #require(snapshot.statements.first)
        #expect(graph.relations[statement.target].name == "analytics.revenue_snapshots")
        #expect(statement.written.map(index.label) == ["analytics.revenue_snapshots.snapshot_date", "analytics.revenue_snapshots.paid_revenue"])
        #expect(statement.columns.map { "\(index.label($0.target)) <- \(index.label($0.source)) \($0.transformation.subtype)" } == [
            "analytics.revenue_snapshots.paid_revenue <- public.invoices.amount AGGREGATION",
        ])
        #expect(statement.indirect.map { "\(index.label($0.source)) \($0.transformation.subtype)" } == ["public.invoices.status FILTER"])
    }

    @Test("building twice gives the same bytes")
    func deterministic() throws {
        let first = try CanonicalJSON.encode(try BillingScenario.graph())
        let second = try CanonicalJSON.encode(try BillingScenario.graph())
        #expect(first == second)
    }

    @Test("without a catalog, tables keep the columns the SQL names and unknown relations are external")
    func withoutCatalog() throws {
        let config = try KeelConfig.load(LineageFixtures.billing + "/keel.yaml")
        let graph = try LineageBuilder().build(config: config, catalog: nil, loading: LineageInputs.Options(preferManifest: false))
        let invoices = try #require(graph.relations.first { $0.name == "public.invoices" })
        #expect(invoices.kind == .source)
        #expect(invoices.columns.contains("amount"))
        #expect(graph.relations.first { $0.name == "analytics.revenue_snapshots" }?.kind == .taskOutput)
        let report = try ImpactAnalyzer(index: LineageIndex(graph)).impact(of: "public.invoices.amount")
        #expect(Set(report.consumerIds) == BillingScenario.impactedConsumers)
    }

    @Test("a CTE selecting * from a relation of unknown columns stays open: its columns trace to that relation, without errors")
    func openRelations() throws {
        var config = KeelConfig(directory: LineageFixtures.billing)
        config.dashboards = [KeelConfig.Dashboard(name: "Raw", kind: .dashboard, queries: [
            KeelConfig.Query(sql: "with source as (select * from raw.things), renamed as (select id as thing_id, name from source) select * from renamed"),
        ])]
        let graph = try LineageBuilder().build(config: config, catalog: nil)
        #expect(graph.diagnostics.filter(\.isError).isEmpty, "\(graph.diagnostics)")
        let things = try #require(graph.relations.first { $0.name == "raw.things" })
        #expect(things.kind == .external)
        #expect(Set(things.columns).isSuperset(of: ["id", "name"]))
        let report = try ImpactAnalyzer(index: LineageIndex(graph)).impact(of: "raw.things.id")
        #expect(report.consumerIds == ["dashboard:Raw"])
        #expect(report.consumers.first?.dependency == "DIRECT")
    }

    @Test("a view in the catalog becomes a consumer whose query writes it; a dbt model building the same relation wins")
    func views() throws {
        let catalog = try BillingScenario.catalog()
        var config = KeelConfig(directory: LineageFixtures.billing)
        config.dashboards = [KeelConfig.Dashboard(name: "Paid", kind: .dashboard, queries: [
            KeelConfig.Query(sql: "SELECT total FROM public.paid_invoices"),
        ])]
        var withView = catalog
        withView.views.append(Catalog.View(
            schema: try Identifier("public"), name: try Identifier("paid_invoices"), materialized: false,
            definition: " SELECT invoices.id, invoices.amount AS total FROM public.invoices WHERE invoices.status = 'paid'::text;",
            columns: [Catalog.Column(name: try Identifier("id"), position: 1, type: "bigint"),
                      Catalog.Column(name: try Identifier("total"), position: 2, type: "integer")]))
        let graph = try LineageBuilder().build(config: config, catalog: withView)
        #expect(graph.diagnostics.isEmpty, "\(graph.diagnostics)")
        let view = try #require(graph.consumers.first { $0.id == "view:public.paid_invoices" })
        #expect(view.kind == .view)
        #expect(view.builds.map { graph.relations[$0].name } == "public.paid_invoices")
        let report = try ImpactAnalyzer(index: LineageIndex(graph)).impact(of: "public.invoices.amount")
        #expect(report.consumerIds == ["view:public.paid_invoices", "dashboard:Paid"])
        #expect(report.consumers.first?.group == .views)
    }

    @Test("temporary tables stay private to their task, and lineage flows through them")
    func temporaryTables() throws {
        let root = try LineageFixtures.write([
            "keel.yaml": "version: 1\nairflow:\n  dags: dags\n",
            "dags/etl.py": """
                from airflow import DAG
                from airflow.providers.postgres.operators.postgres import PostgresOperator
                with DAG(dag_id="etl") as dag:
                    a = PostgresOperator(task_id="a", sql=["CREATE TEMP TABLE stage AS SELECT id, amount FROM invoices", "INSERT INTO totals (id, total) SELECT id, amount FROM stage"])
                    b = PostgresOperator(task_id="b", sql="CREATE TEMP TABLE stage AS SELECT id, status FROM invoices; INSERT INTO statuses SELECT id, status FROM stage")
                """,
        ])
        let graph = try LineageBuilder().build(config: try KeelConfig.load(root + "/keel.yaml"), catalog: try BillingScenario.catalog())
        let temporary = graph.relations.filter { $0.kind == .temporary }.map(\.name)
        #expect(temporary == [#"pg_temp."stage@airflow:etl.a""#, #"pg_temp."stage@airflow:etl.b""#])
        let report = try ImpactAnalyzer(index: LineageIndex(graph)).impact(of: "public.invoices.amount")
        #expect(report.consumerIds == ["airflow:etl.a"])
        #expect(report.columns.map(\.column).contains("public.totals.total"))
        #expect(!report.columns.map(\.column).contains("public.statuses.status"))
    }
}
