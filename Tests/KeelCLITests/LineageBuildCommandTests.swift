import Foundation
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel lineage build`: the summary, unparsed statements with their reason, --strict, --json, bad input.
@Suite struct LineageBuildCommandTests {
    static let project = [
        "keel.yaml": "version: 1\nairflow:\n  dags: dags\ndashboards:\n  - name: Totals\n    kind: dashboard\n    queries:\n      - sql: SELECT total FROM public.totals\n",
        "dags/etl.py": """
            from airflow import DAG
            from airflow.providers.postgres.operators.postgres import PostgresOperator
            with DAG(dag_id="etl") as dag:
                load = PostgresOperator(task_id="load", sql="INSERT INTO public.totals (id, total) SELECT id, amount FROM public.invoices")
                broken = PostgresOperator(task_id="broken", sql="SELEC id FROM public.invoices")
            """,
    ]

    @Test("prints nodes, edges and each unparsed statement with its reason; writes lineage.json")
    func summary() async throws {
        let dir = try BillingWorkspace.scratch(Self.project)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lineage", "build"], workingDirectory: dir.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let out = result.standardOutput
        #expect(out.contains("wrote lineage.json"))
        #expect(out.contains("nodes: 4 columns of 2 relations"))
        // Two column edges (invoices.id → totals.id, invoices.amount → totals.total) and the dashboard's read of totals.total.
        #expect(out.contains("edges: 3"))
        #expect(out.contains("1 statement(s) without lineage:"))
        #expect(out.contains("dags/etl.py:5"))
        #expect(out.contains("airflow:etl.broken"))
        #expect(out.contains("[lineage.sql-unparsable]"))
        let lineage = try String(contentsOf: dir.appendingPathComponent("lineage.json"), encoding: .utf8)
        #expect(lineage.contains(#""kind": "lineage""#))
        let strict = try await KeelBinary.run(["lineage", "build", "--strict", "--out", "strict.json"], workingDirectory: dir.path)
        #expect(strict.exitCode == 1)
    }

    @Test("--json prints the summary as JSON")
    func json() async throws {
        let dir = try BillingWorkspace.scratch(Self.project)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lineage", "build", "--json", "--out", "graph.json"], workingDirectory: dir.path)
        #expect(result.exitCode == 0)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(summary["consumers"] as? Int == 3)
        #expect(summary["edges"] as? Int == 3)
        #expect(summary["out"] as? String == "graph.json")
        #expect((summary["errors"] as? [[String: Any]])?.first?["code"] as? String == "lineage.sql-unparsable")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("graph.json").path))
    }

    @Test("--vars overrides dbt_project.yml's vars, like dbt --vars; a malformed --vars exits 2")
    func vars() async throws {
        let dir = try BillingWorkspace.scratch([
            "keel.yaml": "version: 1\ndbt:\n  project: shop\n  target:\n    name: prod\n    schema: analytics\n",
            "shop/dbt_project.yml": "name: shop\nversion: '1.0.0'\nconfig-version: 2\nprofile: shop\nmodel-paths: [models]\nvars:\n  metric: amount\n",
            "shop/models/metrics.sql": "select id, {{ var('metric') }} as metric from public.invoices\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        /// The source columns of metrics.metric.
        func upstream() async throws -> [String] {
            let result = try await KeelBinary.run(["impact", "analytics.metrics.metric", "--upstream", "--format", "json", "--lineage", "lineage.json"],
                                                  workingDirectory: dir.path)
            #expect(result.exitCode == 0, "\(result.standardError)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            return (report["columns"] as? [[String: Any]] ?? []).compactMap { $0["column"] as? String }
        }
        #expect(try await KeelBinary.run(["lineage", "build"], workingDirectory: dir.path).exitCode == 0)
        #expect(try await upstream() == ["public.invoices.amount"])
        let overridden = try await KeelBinary.run(["lineage", "build", "--vars", "{metric: status}"], workingDirectory: dir.path)
        #expect(overridden.exitCode == 0, "\(overridden.standardError)")
        #expect(try await upstream() == ["public.invoices.status"])
        let malformed = try await KeelBinary.run(["lineage", "build", "--vars", "[1, 2]"], workingDirectory: dir.path)
        #expect(malformed.exitCode == 2)
        #expect(malformed.standardError.contains("--vars"))
    }

    @Test("a missing or malformed keel.yaml, a missing catalog, an unwritable output: exit 2")
    func badInput() async throws {
        let dir = try BillingWorkspace.scratch(["bad.yaml": "version: 1\ndbt: [1, 2\n", "unknown.yaml": "version: 1\ndashbords: []\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try await KeelBinary.run(["lineage", "build"], workingDirectory: dir.path)
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("keel.yaml"))
        #expect(try await KeelBinary.run(["lineage", "build", "--config", "bad.yaml"], workingDirectory: dir.path).exitCode == 2)
        let unknown = try await KeelBinary.run(["lineage", "build", "--config", "unknown.yaml"], workingDirectory: dir.path)
        #expect(unknown.exitCode == 2)
        #expect(unknown.standardError.contains("dashbords"))
        let project = try BillingWorkspace.scratch(Self.project)
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try await KeelBinary.run(["lineage", "build", "--catalog", "nope.json"], workingDirectory: project.path).exitCode == 2)
        #expect(try await KeelBinary.run(["lineage", "build", "--out", "/nonexistent/dir/x.json"], workingDirectory: project.path).exitCode == 2)
    }
}
