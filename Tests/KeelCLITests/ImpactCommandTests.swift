import Foundation
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel impact` on the billing scenario, end to end: discover the schema in a throwaway PostgreSQL,
/// build lineage.json from keel.yaml, and ask what invoices.amount affects.
@Suite(.tags(.postgres)) struct ImpactCommandTests {
    static let expectedConsumers: Set<String> = [
        "dbt:model.billing_dbt.stg_invoices", "dbt:model.billing_dbt.fct_invoice_revenue", "dbt:model.billing_dbt.dim_customers",
        "dbt:model.billing_dbt.mart_monthly_revenue", "airflow:nightly_billing.snapshot_revenue",
        "dbt:exposure.billing_dbt.revenue_dashboard", "dbt:exposure.billing_dbt.finance_api",
        "dashboard:Revenue overview", "dashboard:Top customers", "api:GET /invoices/{id}",
    ]
    static let expectedColumns: Set<String> = [
        "analytics.stg_invoices.amount", "analytics.fct_invoice_revenue.invoiced_amount", "analytics.fct_invoice_revenue.outstanding",
        "analytics.dim_customers.lifetime_value", "analytics.mart_monthly_revenue.revenue", "analytics.revenue_snapshots.paid_revenue",
    ]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("keel impact public.invoices.amount lists exactly the billing scenario's expected set")
    func billingImpactSet() async throws {
        let files = try await BillingWorkspace.shared.files()
        let result = try await KeelBinary.run(["impact", "public.invoices.amount", "--format", "json", "--lineage", files.lineage])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let report = try json(result.standardOutput)
        let consumers = try #require(report["consumers"] as? [[String: Any]])
        #expect(Set(consumers.compactMap { $0["id"] as? String }) == Self.expectedConsumers)
        #expect(consumers.count == Self.expectedConsumers.count)
        #expect(!consumers.contains { $0["id"] as? String == "airflow:nightly_billing.mark_overdue" })
        let columns = try #require(report["columns"] as? [[String: Any]])
        #expect(Set(columns.compactMap { $0["column"] as? String }) == Self.expectedColumns)
        #expect(consumers.allSatisfy { $0["dependency"] as? String == "DIRECT" })
        #expect(consumers.compactMap { $0["group"] as? String } == [
            "dbtModels", "dbtModels", "dbtModels", "dbtModels", "dagTasks", "exposures", "exposures", "dashboards", "dashboards", "apis",
        ])
        let top = try #require(consumers.first { $0["id"] as? String == "dashboard:Top customers" })
        #expect(top["depth"] as? Int == 4)
        #expect((top["path"] as? [[String: Any]])?.compactMap { $0["node"] as? String }.first == "public.invoices.amount")
    }

    @Test("building on the fly from keel.yaml and the catalog gives the same answer")
    func fromConfig() async throws {
        let files = try await BillingWorkspace.shared.files()
        let built = try await KeelBinary.run(["impact", "public.invoices.amount", "--format", "json", "--config", files.config, "--catalog", files.catalog])
        let loaded = try await KeelBinary.run(["impact", "public.invoices.amount", "--format", "json", "--lineage", files.lineage])
        #expect(built.exitCode == 0, "\(built.standardError)")
        #expect(built.standardOutput == loaded.standardOutput)
    }

    @Test("text output: groups, depth, dependency, columns and path")
    func text() async throws {
        let files = try await BillingWorkspace.shared.files()
        let result = try await KeelBinary.run(["impact", "public.invoices.amount", "--lineage", files.lineage])
        #expect(result.exitCode == 0)
        let out = result.standardOutput
        #expect(out.hasPrefix("downstream of public.invoices.amount: 10 consumer(s), 6 column(s)"))
        for heading in ["dbt models (4)", "DAG tasks (1)", "exposures (2)", "dashboards (2)", "APIs (1)"] {
            #expect(out.contains("\n\(heading)\n"), "\(heading)")
        }
        #expect(out.contains("snapshot_revenue"))
        #expect(!out.contains("mark_overdue"))
        #expect(out.contains("path:    public.invoices.amount → analytics.stg_invoices.amount [IDENTITY]"))
        #expect(out.contains("depth 1  DIRECT"))
    }

    @Test("mermaid, dot, --upstream and --depth")
    func formats() async throws {
        let files = try await BillingWorkspace.shared.files()
        let mermaid = try await KeelBinary.run(["impact", "public.invoices.status", "--format", "mermaid", "--lineage", files.lineage])
        #expect(mermaid.exitCode == 0)
        #expect(mermaid.standardOutput.hasPrefix("graph LR"))
        #expect(mermaid.standardOutput.contains("-.->"))
        let dot = try await KeelBinary.run(["impact", "public.invoices.amount", "--format", "dot", "--lineage", files.lineage])
        #expect(dot.standardOutput.hasPrefix("digraph impact {"))
        #expect(dot.standardOutput.contains(#""public.invoices.amount" -> "analytics.stg_invoices.amount""#))
        let upstream = try await KeelBinary.run(["impact", "analytics.mart_monthly_revenue.revenue", "--upstream", "--format", "json",
                                                 "--lineage", files.lineage])
        let report = try json(upstream.standardOutput)
        #expect(report["direction"] as? String == "upstream")
        #expect((report["columns"] as? [[String: Any]])?.contains { $0["column"] as? String == "public.invoices.amount" } == true)
        let shallow = try await KeelBinary.run(["impact", "public.invoices.amount", "--depth", "1", "--format", "json", "--lineage", files.lineage])
        #expect(try json(shallow.standardOutput)["consumers"].map { ($0 as? [Any])?.count } == 3)
    }

    @Test("--batch answers many targets with one load and reports timings")
    func batch() async throws {
        let files = try await BillingWorkspace.shared.files()
        let dir = try BillingWorkspace.scratch(["targets.txt": "public.invoices.amount\n# a comment\npublic.invoices.status\npublic.nope\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["impact", "--batch", dir.appendingPathComponent("targets.txt").path, "--format", "json",
                                               "--timings", "--lineage", files.lineage])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(try json(lines[0])["target"] as? String == "public.invoices.amount")
        #expect(lines[2].contains("lineage.unknown-node"))
        for key in ["load_ms:", "analysis_p99_ms:", "query_p99_ms:", "queries: 3"] { #expect(result.standardError.contains(key), "\(key)") }
    }

    @Test("bad input exits 2: unknown node, unknown column, malformed lineage.json, missing keel.yaml, no input")
    func badInput() async throws {
        let files = try await BillingWorkspace.shared.files()
        for target in ["public.nope.amount", "public.invoices.nope"] {
            let result = try await KeelBinary.run(["impact", target, "--lineage", files.lineage])
            #expect(result.exitCode == 2, "\(target)")
            #expect(result.standardError.hasPrefix("error: "))
            #expect(result.standardError.contains("hint: "))
        }
        let dir = try BillingWorkspace.scratch(["lineage.json": #"{"formatVersion": 1, "kind": "lineage", "relations": [oops]}"#,
                                                "catalog-kind.json": #"{"formatVersion": 1, "kind": "catalog"}"#])
        defer { try? FileManager.default.removeItem(at: dir) }
        let malformed = try await KeelBinary.run(["impact", "a.b", "--lineage", dir.appendingPathComponent("lineage.json").path])
        #expect(malformed.exitCode == 2)
        #expect(malformed.standardError.contains("not a valid lineage artifact"))
        let wrongKind = try await KeelBinary.run(["impact", "a.b", "--lineage", dir.appendingPathComponent("catalog-kind.json").path])
        #expect(wrongKind.exitCode == 2)
        let missing = try await KeelBinary.run(["impact", "a.b", "--config", dir.appendingPathComponent("nope.yaml").path])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("not found"))
        let empty = try BillingWorkspace.scratch([:])
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try await KeelBinary.run(["impact", "a.b"], workingDirectory: empty.path)
        #expect(none.exitCode == 2)
        #expect(none.standardError.contains("keel init"))
        #expect(try await KeelBinary.run(["impact", "--depth", "0", "a.b"]).exitCode == 2)
        #expect(try await KeelBinary.run(["impact"], workingDirectory: empty.path).exitCode == 2)
    }

    @Test(arguments: [["impact"], ["init"], ["lineage", "build"], ["lineage", "classify"], ["lineage", "export"]])
    func helpHasExamples(_ command: [String]) async throws {
        let result = try await KeelBinary.run(command + ["--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Examples:"))
    }
}
