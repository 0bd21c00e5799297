import Foundation
import KeelCore
import KeelLineage
import KeelPostgres
@testable import KeelReport
import KeelTestSupport
import Testing

/// The page's content, without a browser: every affected consumer drawn, values escaped, flagged
/// steps highlighted, nothing loaded from elsewhere, and bad input refused.
@Suite("ReviewReport") struct ReviewReportTests {
    /// The billing scenario's impact of invoices.amount (Tests/KeelLineageTests/Support/BillingScenario.swift).
    static let billingImpact: Set<String> = [
        "dbt:model.billing_dbt.stg_invoices", "dbt:model.billing_dbt.fct_invoice_revenue", "dbt:model.billing_dbt.dim_customers",
        "dbt:model.billing_dbt.mart_monthly_revenue", "airflow:nightly_billing.snapshot_revenue", "dbt:exposure.billing_dbt.revenue_dashboard",
        "dbt:exposure.billing_dbt.finance_api", "dashboard:Revenue overview", "dashboard:Top customers", "api:GET /invoices/{id}",
    ]

    static func render(plan: MigrationPlan, validation: ValidationReport? = nil, lineage: LineageGraph?, catalog: Catalog? = nil) throws -> String {
        try ReviewReport.render(plan: plan, validation: validation, lineage: lineage, catalog: catalog, project: URL(fileURLWithPath: BillingFiles.directory))
    }

    /// Every `data-id` of a graph box.
    static func nodeIds(_ html: String) -> Set<String> {
        var ids = Set<String>()
        var rest = html[...]
        while let range = rest.range(of: #"data-id=""#) {
            let tail = rest[range.upperBound...]
            guard let end = tail.firstIndex(of: "\"") else { break }
            ids.insert(String(tail[..<end]).replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&"))
            rest = tail[end...]
        }
        return ids
    }

    @Test("the billing graph has a box for every consumer of the expected impact set, and no other")
    func billingNodes() throws {
        let plan = try ReportFixtures.billingPlan()
        let html = try Self.render(plan: plan, lineage: try ReportFixtures.billingLineage(), catalog: try ReportFixtures.billingCatalog())
        #expect(Self.nodeIds(html) == Self.billingImpact)
        #expect(html.contains(#"id="r0""#) && html.contains("public.invoices.amount"))
    }

    @Test("layers follow the lineage: staging first, marts after, dashboards last")
    func billingLayers() throws {
        let graph = ImpactGraph(targets: ["public.invoices.amount"], lineage: try ReportFixtures.billingLineage())
        func layer(_ id: String) -> Int? { graph.nodes.first { $0.consumer.id == id }?.layer }
        #expect(layer("dbt:model.billing_dbt.stg_invoices") == 1)
        #expect(layer("api:GET /invoices/{id}") == 1)
        #expect(layer("dbt:model.billing_dbt.fct_invoice_revenue") == 2)
        #expect((layer("dashboard:Top customers") ?? 0) > (layer("dbt:model.billing_dbt.dim_customers") ?? 99))
        #expect(graph.edges.contains { $0.fromRoot && $0.direct })
        #expect(graph.unresolved.isEmpty)
    }

    @Test("a consumer box carries its SQL from the project and its path to the changed column")
    func detailsCarrySQLAndPath() throws {
        let html = try Self.render(plan: try ReportFixtures.billingPlan(), lineage: try ReportFixtures.billingLineage())
        #expect(html.contains("dbt/billing_dbt/models/staging/stg_invoices.sql"))
        #expect(html.contains("from {{ source(&#39;billing&#39;, &#39;invoices&#39;) }}") || html.contains("{{ source("))
        #expect(html.contains("Path to the changed column"))
        #expect(html.contains("analytics.stg_invoices.amount"))
        // The dashboard's keel.yaml entry, not the whole file.
        #expect(html.contains("SELECT month, revenue FROM analytics.mart_monthly_revenue"))
    }

    @Test("the plan is a timeline with each step's SQL, lock and rollback; a step validation flagged is highlighted")
    func flaggedStep() throws {
        let plan = try ReportFixtures.billingPlan()
        let flagged = try #require(plan.steps.first { $0.lock < .accessExclusive && $0.lock > .none })
        let html = try Self.render(plan: plan, validation: ReportFixtures.validation(for: plan, strongerLockOn: flagged.id), lineage: nil)
        #expect(html.contains(#"class="step flagged" id="step-\#(HTML.token(flagged.id))""#))
        #expect(html.components(separatedBy: "class=\"step flagged\"").count == 2)
        #expect(html.contains("Flagged by validation"))
        #expect(html.contains("ACCESS EXCLUSIVE (stronger than declared)"))
        for phase in MigrationPlan.PhaseKind.allCases { #expect(html.contains(#"id="phase-\#(phase.rawValue)""#)) }
        #expect(html.contains("Rollback"))
        #expect(html.contains("Regression:"))
        #expect(html.contains("Blocked: validation failed"))
    }

    @Test("consumer patches render as diffs with added and removed lines marked")
    func patches() throws {
        let plan = try ReportFixtures.billingPlan()
        #expect(!plan.consumerPatches.isEmpty)
        let html = try Self.render(plan: plan, lineage: try ReportFixtures.billingLineage())
        #expect(html.contains(#"<span class="d-removed">-"#))
        #expect(html.contains(#"<span class="d-added">+"#))
        for patch in plan.consumerPatches { #expect(html.contains(#"id="\#(PatchesSection.anchor(patch))""#)) }
        #expect(html.contains("the plan patches it"))
    }

    @Test("summary: verdict, gates per environment and the artifacts' hashes")
    func summaryAndHashes() throws {
        let plan = try ReportFixtures.billingPlan()
        let validation = ReportFixtures.validation(for: plan)
        let html = try Self.render(plan: plan, validation: validation, lineage: try ReportFixtures.billingLineage(), catalog: try ReportFixtures.billingCatalog())
        #expect(html.contains("Validated: ready for staging"))
        #expect(html.contains("passing validation of this plan</td><td class=\"status passed\">"))
        #expect(html.contains("contract: no consumer reads public.invoices.amount"))
        #expect(html.contains(plan.hash.value) && html.contains(plan.inputs.catalog.value))
        #expect(html.contains(try validation.contentHash().value))
        let unvalidated = try Self.render(plan: plan, lineage: nil)
        #expect(unvalidated.contains("Not validated yet"))
        #expect(unvalidated.contains("status pending"))
    }

    @Test("values from the artifacts are escaped: a hostile change name, consumer name and SQL stay text")
    func escaping() throws {
        var lineage = ReportFixtures.syntheticLineage()
        let evil = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"
        lineage.consumers[0].name = evil
        lineage.consumers[0].owner = evil
        var plan = try ReportFixtures.syntheticPlan()
        plan.change = evil
        plan.spec.description = evil
        plan.notes = [.init(severity: .warning, operation: 0, message: evil)]
        plan = try MigrationPlan(change: plan.change, spec: plan.spec, inputs: plan.inputs, phases: plan.phases, consumerPatches: [
            .init(consumer: evil, file: "models/</pre><script>x()</script>.sql", diff: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-\(evil)\n+ok\n", columns: [evil]),
        ], notes: plan.notes)
        let html = try ReviewReport.render(plan: plan, validation: nil, lineage: lineage, catalog: nil)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("</pre><script>x()"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img"))
        #expect(html.components(separatedBy: "<script>").count == 2, "only the report's own script")
    }

    @Test("the page is self-contained and deterministic: no external resource, same bytes for the same inputs")
    func selfContained() throws {
        let plan = try ReportFixtures.billingPlan()
        let first = try Self.render(plan: plan, lineage: try ReportFixtures.billingLineage(), catalog: try ReportFixtures.billingCatalog())
        let second = try Self.render(plan: plan, lineage: try ReportFixtures.billingLineage(), catalog: try ReportFixtures.billingCatalog())
        #expect(first == second)
        for pattern in [" src=", "<link", "@import", "url(http", "href=\"http", "fetch(", "XMLHttpRequest", "@font-face"] {
            #expect(!first.contains(pattern), "found \(pattern)")
        }
        #expect(first.contains("default-src &#39;none&#39;") || first.contains("default-src 'none'"))
    }

    @Test("a validation report made for another plan is refused, and nothing is written")
    func validationForAnotherPlan() throws {
        let plan = try ReportFixtures.billingPlan()
        let other = ReportFixtures.validation(for: try ReportFixtures.syntheticPlan())
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("keel-report-\(UUID().uuidString.prefix(8)).html")
        #expect(throws: ReportError.self) { try ReviewReport.write(plan: plan, validation: other, lineage: nil, catalog: nil, to: out) }
        do {
            try ReviewReport.write(plan: plan, validation: other, lineage: nil, catalog: nil, to: out)
        } catch {
            #expect(error.code == "report.validation-mismatch")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("an unwritable output is a report.unwritable error")
    func unwritable() throws {
        let out = URL(fileURLWithPath: "/nonexistent-dir-\(UUID().uuidString)/report.html")
        let plan = try ReportFixtures.syntheticPlan()
        do {
            try ReviewReport.write(plan: plan, validation: nil, lineage: nil, catalog: nil, to: out)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "report.unwritable")
        }
    }

    @Test("a changed column lineage does not know is listed, not fatal")
    func unknownTarget() throws {
        var lineage = ReportFixtures.syntheticLineage()
        lineage.relations[100].columns = ["id", "total", "status"]
        let html = try ReviewReport.render(plan: try ReportFixtures.syntheticPlan(), validation: nil, lineage: lineage, catalog: nil)
        #expect(html.contains("Not in lineage: "))
    }

    @Test("fields newer than the renderer show up as they come")
    func extraFields() {
        struct Newer: Encodable {
            var consumer = "dbt:model.x"
            var statusCounts = ["identical": 3, "modified": 1]
            var sample = [["id": "1", "amount": "10.00"]]
        }
        let fields = ExtraFields.of(Newer(), known: ["consumer"])
        #expect(fields.map(\.0) == ["sample", "statusCounts"])
        #expect(fields.last?.1 == "identical 3, modified 1")
        #expect(fields.first?.1 == "amount 10.00, id 1")
    }

    @Test("consumer files are read only inside the project directory")
    func projectConfinement() throws {
        var reader = ConsumerSQL(project: URL(fileURLWithPath: BillingFiles.directory), catalog: nil)
        func consumer(_ location: String) -> ImpactedConsumer {
            ImpactedConsumer(id: "dbt:model.x", name: "x", kind: .dbtModel, owner: nil, location: location, depth: 1, dependency: "DIRECT", path: [], columns: [])
        }
        #expect(throws: Never.self) { try reader.source(of: consumer("dbt/billing_dbt/models/staging/stg_invoices.sql")).get() }
        for escape in ["../../../../../../etc/passwd", "/etc/passwd", "dbt/../../../Package.swift"] {
            guard case .failure(.unreadable) = reader.source(of: consumer(escape)) else {
                Issue.record("\(escape) was read")
                continue
            }
        }
    }

    @Test("generation stays fast and small for 300 consumers; large kinds start collapsed")
    func largeGraph() throws {
        let lineage = ReportFixtures.syntheticLineage()
        let plan = try ReportFixtures.syntheticPlan()
        let clock = ContinuousClock()
        let start = clock.now
        let html = try ReviewReport.render(plan: plan, validation: nil, lineage: lineage, catalog: nil)
        let elapsed = clock.now - start
        // About 0.3 s in a debug build on an idle machine; the bound only catches a blow-up, not a loaded CI.
        #expect(elapsed < .seconds(10), "rendering took \(elapsed)")
        #expect(html.utf8.count < 2_000_000, "\(html.utf8.count) bytes")
        #expect(Self.nodeIds(html).count == 300)
        let layout = GraphLayout(ImpactGraph(targets: ["public.invoices.amount"], lineage: lineage))
        #expect(layout.collapsed == [.dbtModels, .dagTasks, .dashboards, .apis])
        #expect(layout.placed.filter { $0.y != nil }.count < 40)
    }
}

