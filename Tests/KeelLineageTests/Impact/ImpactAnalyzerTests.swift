import Foundation
import KeelCore
import KeelLineage
import Testing

@Suite("impact analysis")
struct ImpactAnalyzerTests {
    static let analyzer: ImpactAnalyzer? = try? ImpactAnalyzer(index: LineageIndex(BillingScenario.graph()))

    func analyzer() throws -> ImpactAnalyzer { try #require(Self.analyzer) }

    @Test("public.invoices.amount reaches exactly the billing scenario's expected set, and mark_overdue is not in it")
    func billingImpactSet() throws {
        let report = try analyzer().impact(of: "public.invoices.amount")
        #expect(report.target == "public.invoices.amount")
        #expect(report.targetKind == "column")
        #expect(Set(report.consumerIds) == BillingScenario.impactedConsumers)
        #expect(report.consumers.count == BillingScenario.impactedConsumers.count)
        #expect(Set(report.columns.map(\.column)) == BillingScenario.impactedColumns)
        #expect(!report.consumerIds.contains("airflow:nightly_billing.mark_overdue"))
        #expect(!report.consumerIds.contains("airflow:nightly_billing.run_dbt"))
        #expect(report.consumers.allSatisfy { $0.dependency == "DIRECT" })
    }

    @Test("grouped by kind, with depth, path and the columns each consumer writes")
    func groupsDepthsAndPaths() throws {
        let report = try analyzer().impact(of: "public.invoices.amount")
        #expect(report.consumers.map(\.group) == [
            .dbtModels, .dbtModels, .dbtModels, .dbtModels, .dagTasks, .exposures, .exposures, .dashboards, .dashboards, .apis,
        ])
        let byId = Dictionary(uniqueKeysWithValues: report.consumers.map { ($0.id, $0) })
        let stg = try #require(byId["dbt:model.billing_dbt.stg_invoices"])
        #expect(stg.depth == 1)
        #expect(stg.columns == ["analytics.stg_invoices.amount"])
        #expect(stg.path.map(\.node) == ["public.invoices.amount", "analytics.stg_invoices.amount"])
        #expect(stg.path.last?.subtype == "IDENTITY")
        #expect(stg.path.last?.job == "dbt:model.billing_dbt.stg_invoices")
        let fct = try #require(byId["dbt:model.billing_dbt.fct_invoice_revenue"])
        #expect(fct.depth == 2)
        #expect(fct.columns == ["analytics.fct_invoice_revenue.invoiced_amount", "analytics.fct_invoice_revenue.outstanding"])
        #expect(byId["dbt:model.billing_dbt.dim_customers"]?.depth == 3)
        #expect(byId["dbt:model.billing_dbt.mart_monthly_revenue"]?.depth == 3)
        #expect(byId["airflow:nightly_billing.snapshot_revenue"]?.depth == 1)
        #expect(byId["airflow:nightly_billing.snapshot_revenue"]?.columns == ["analytics.revenue_snapshots.paid_revenue"])
        #expect(byId["api:GET /invoices/{id}"]?.depth == 1)
        #expect(byId["dashboard:Top customers"]?.depth == 4)
        #expect(byId["dashboard:Top customers"]?.path.map(\.node) == [
            "public.invoices.amount", "analytics.stg_invoices.amount", "analytics.fct_invoice_revenue.invoiced_amount",
            "analytics.dim_customers.lifetime_value", "dashboard:Top customers",
        ])
        #expect(byId["dbt:exposure.billing_dbt.finance_api"]?.depth == 3)
    }

    @Test("INDIRECT-only: status filters revenue and the snapshot, and is selected by the API")
    func indirectOnly() throws {
        let report = try analyzer().impact(of: "public.invoices.status")
        let byId = Dictionary(uniqueKeysWithValues: report.consumers.map { ($0.id, $0) })
        #expect(byId["airflow:nightly_billing.snapshot_revenue"]?.dependency == "INDIRECT")
        #expect(byId["airflow:nightly_billing.snapshot_revenue"]?.path.last?.subtype == "FILTER")
        #expect(byId["api:GET /invoices/{id}"]?.dependency == "DIRECT")
        // The mart only filters on fct_invoice_revenue.status (WHERE status <> 'void'): none of its columns
        // carries the status value, so its dependency is INDIRECT, while fct_invoice_revenue copies it (DIRECT).
        #expect(byId["dbt:model.billing_dbt.mart_monthly_revenue"]?.dependency == "INDIRECT")
        #expect(byId["dbt:model.billing_dbt.mart_monthly_revenue"]?.path.last?.subtype == "FILTER")
        #expect(byId["dbt:model.billing_dbt.fct_invoice_revenue"]?.dependency == "DIRECT")
        let columns = Dictionary(uniqueKeysWithValues: report.columns.map { ($0.column, $0) })
        #expect(columns["analytics.revenue_snapshots.paid_revenue"]?.dependency == "INDIRECT")
        #expect(columns["analytics.mart_monthly_revenue.revenue"]?.dependency == "INDIRECT")
        #expect(columns["analytics.fct_invoice_revenue.status"]?.dependency == "DIRECT")
        // mark_overdue writes status from a literal, filtered by due_at, paid_at and status itself.
        #expect(byId["airflow:nightly_billing.mark_overdue"]?.dependency == "INDIRECT")
    }

    @Test("upstream of a mart column: the models and the source columns that feed it")
    func upstream() throws {
        let report = try analyzer().impact(of: "analytics.mart_monthly_revenue.revenue", direction: .upstream)
        let columns = Set(report.columns.filter { $0.dependency == "DIRECT" }.map(\.column))
        #expect(columns == ["analytics.fct_invoice_revenue.invoiced_amount", "analytics.stg_invoices.amount", "public.invoices.amount"])
        #expect(report.columns.contains { $0.column == "public.invoices.status" && $0.dependency == "INDIRECT" })
        #expect(Set(report.consumerIds).isSuperset(of: [
            "dbt:model.billing_dbt.mart_monthly_revenue", "dbt:model.billing_dbt.fct_invoice_revenue", "dbt:model.billing_dbt.stg_invoices",
        ]))
        #expect(!report.consumerIds.contains("dashboard:Revenue overview"))
    }

    @Test("--depth stops the walk")
    func depthLimit() throws {
        let report = try analyzer().impact(of: "public.invoices.amount", maxDepth: 1)
        #expect(Set(report.consumerIds) == [
            "dbt:model.billing_dbt.stg_invoices", "airflow:nightly_billing.snapshot_revenue", "api:GET /invoices/{id}",
        ])
        #expect(report.columns.allSatisfy { $0.depth <= 1 })
    }

    @Test("a relation, a bare table name, a consumer id and a consumer name are targets too")
    func otherTargets() throws {
        let analyzer = try analyzer()
        let table = try analyzer.impact(of: "public.invoices")
        #expect(table.targetKind == "relation")
        #expect(table.consumerIds.contains("airflow:nightly_billing.mark_overdue"))
        #expect(try analyzer.impact(of: "invoices.amount").target == "public.invoices.amount")
        #expect(try analyzer.impact(of: "PUBLIC.Invoices.Amount").target == "public.invoices.amount")
        let model = try analyzer.impact(of: "dbt:model.billing_dbt.fct_invoice_revenue")
        #expect(model.targetKind == "consumer")
        #expect(Set(model.consumerIds) == [
            "dbt:model.billing_dbt.dim_customers", "dbt:model.billing_dbt.mart_monthly_revenue", "dbt:exposure.billing_dbt.finance_api",
            "dbt:exposure.billing_dbt.revenue_dashboard", "dashboard:Revenue overview", "dashboard:Top customers",
        ])
        let dashboard = try analyzer.impact(of: "Top customers", direction: .upstream)
        #expect(dashboard.target == "dashboard:Top customers")
        #expect(dashboard.columns.contains { $0.column == "public.invoices.amount" })
    }

    @Test("unknown targets fail with a code", arguments: [
        ("public.nope.amount", "lineage.unknown-node"),
        ("public.invoices.nope", "lineage.unknown-column"),
        ("dbt:model.billing_dbt.nope", "lineage.unknown-node"),
        ("", "lineage.invalid-target"),
        ("a..b", "lineage.invalid-target"),
    ])
    func unknownTargets(target: String, code: String) throws {
        do {
            _ = try analyzer().impact(of: target)
            Issue.record("expected \(code) for '\(target)'")
        } catch let error as ImpactError {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test("mermaid and dot drawings name every reached node and style INDIRECT edges")
    func drawings() throws {
        let report = try analyzer().impact(of: "public.invoices.status")
        let mermaid = MermaidRenderer.render(report)
        #expect(mermaid.hasPrefix("graph LR\n"))
        #expect(mermaid.contains(#"["public.invoices.status"]"#))
        #expect(mermaid.contains(#"(["api:GET /invoices/{id}"])"#))
        #expect(mermaid.contains(#"-.->|"FILTER"|"#))
        #expect(mermaid.contains(#"-->|"IDENTITY"|"#))
        let dot = DotRenderer.render(report)
        #expect(dot.hasPrefix("digraph impact {"))
        #expect(dot.contains(#""public.invoices.status" -> "analytics.stg_invoices.status" [label="IDENTITY""#))
        #expect(dot.contains("style=dashed"))
        #expect(dot.hasSuffix("}"))
    }
}

@Suite("impact closure, detail and JSON")
struct ImpactClosureTests {
    static let analyzer: ImpactAnalyzer? = try? ImpactAnalyzer(index: LineageIndex(BillingScenario.graph()))

    func analyzer() throws -> ImpactAnalyzer { try #require(Self.analyzer) }

    static let targets: [(String, ImpactDirection, Int?)] = [
        ("public.invoices.amount", .downstream, nil), ("public.invoices.status", .downstream, nil),
        ("public.invoices", .downstream, nil), ("public.invoices.amount", .downstream, 2),
        ("analytics.mart_monthly_revenue.revenue", .upstream, nil), ("dbt:model.billing_dbt.fct_invoice_revenue", .downstream, nil),
        ("Top customers", .upstream, nil),
    ]

    @Test("the closure's report is impact(of:)'s, and detail added later gives the same report")
    func closureMatchesReport() throws {
        let analyzer = try analyzer()
        for (target, direction, depth) in Self.targets {
            let closure = try analyzer.closure(of: target, direction: direction, maxDepth: depth)
            let full = try analyzer.impact(of: target, direction: direction, maxDepth: depth)
            #expect(closure.report() == full, "\(target)")
            #expect(closure.consumerIds == full.consumerIds)
            #expect(closure.columnNames == full.columns.map(\.column))
            #expect(closure.consumerCount == full.consumers.count && closure.columnCount == full.columns.count)
            var answer = closure.report(detail: [])
            #expect(answer.consumers == full.consumers, "consumers keep their paths without detail")
            #expect(answer.columns.map(\.column) == full.columns.map(\.column))
            #expect(answer.columns.map(\.dependency) == full.columns.map(\.dependency))
            #expect(answer.columns.allSatisfy(\.path.isEmpty) && answer.edges.isEmpty)
            closure.complete(&answer, detail: .all)
            #expect(answer == full, "\(target)")
            #expect(closure.report(detail: .edges).edges == full.edges)
        }
    }

    @Test("edges are sorted by name and have no repeats")
    func edgesSortedAndUnique() throws {
        let report = try analyzer().impact(of: "public.invoices")
        #expect(!report.edges.isEmpty)
        #expect(report.edges == Array(Set(report.edges)).sorted())
    }

    @Test("the fast JSON writer gives the Encodable bytes, pretty and compact")
    func fastJSONMatchesCodable() throws {
        let analyzer = try analyzer()
        for (target, direction, depth) in Self.targets {
            let report = try analyzer.impact(of: target, direction: direction, maxDepth: depth)
            #expect(try CanonicalJSON.encode(report) == CanonicalJSON.encodeThroughCodable(report, pretty: true), "\(target)")
            #expect(try CanonicalJSON.encodeCompact(report) == CanonicalJSON.encodeThroughCodable(report, pretty: false), "\(target)")
            #expect(try CanonicalJSON.decode(ImpactReport.self, from: CanonicalJSON.encode(report)) == report)
        }
    }
}
