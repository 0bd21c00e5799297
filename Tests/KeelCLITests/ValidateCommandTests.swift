import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel validate` end to end on the billing scenario: a source database with data, the project
/// copied to a scratch folder, discover → lineage build → plan → validate through the binary.
@Suite("keel validate", .postgres)
struct ValidateCommandTests {
    struct Project {
        let directory: String
        let url: String
        var config: String { directory + "/keel.yaml" }
        var plan: String { directory + "/plan.json" }
        var report: String { directory + "/validation.json" }
    }

    /// The billing source database and a planned change, ready to validate.
    static func prepare(spec: String? = nil, extraQueries: String = "", scale: String = "0.01") async throws -> Project {
        let database = try #require(TestDatabase.current)
        let fixtures = URL(fileURLWithPath: BillingFiles.directory)
        try await database.psql(["-f", fixtures.path + "/schema.sql"])
        try await database.psql(["-v", "scale=\(scale)", "-f", fixtures.path + "/data.sql"])
        try await database.psql(["-c", "ANALYZE"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keel-validate-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.copyItem(atPath: fixtures.path, toPath: directory)
        if !extraQueries.isEmpty {
            let config = try String(contentsOfFile: directory + "/keel.yaml", encoding: .utf8)
            try Data((config + extraQueries).utf8).write(to: URL(fileURLWithPath: directory + "/keel.yaml"))
        }
        let url = database.cluster.url(database: database.name)
        let changeFile = directory + "/change.yaml"
        let change = try spec ?? String(contentsOf: URL(fileURLWithPath: BillingFiles.changeSpec), encoding: .utf8)
        try Data(change.utf8).write(to: URL(fileURLWithPath: changeFile))
        let discover = try await KeelBinary.run(["discover", "--db", url, "--out", directory + "/catalog.json"])
        try #require(discover.exitCode == 0, "\(discover.standardError)")
        let lineage = try await KeelBinary.run(["lineage", "build", "--config", directory + "/keel.yaml", "--catalog", directory + "/catalog.json",
                                                "--out", directory + "/lineage.json"], workingDirectory: directory)
        try #require(lineage.exitCode == 0, "\(lineage.standardError)")
        let plan = try await KeelBinary.run(["plan", changeFile, "--catalog", directory + "/catalog.json", "--lineage", directory + "/lineage.json",
                                             "--project", directory, "--out", directory + "/plan.json"])
        try #require(plan.exitCode == 0, "\(plan.standardError)")
        return Project(directory: directory, url: url)
    }

    static func validate(_ project: Project, _ extra: [String] = [], environment: [String: String?] = [:]) async throws -> (ProgramResult, ValidationReport?) {
        let result = try await KeelBinary.run(["validate", project.plan, "--source", project.url, "--config", project.config,
                                               "--out", project.report, "--markdown", project.directory + "/validation.md"] + extra,
                                              environment: environment)
        let report = try? ValidationReport.read(from: URL(fileURLWithPath: project.report))
        return (result, report)
    }

    @Test("the billing change validates green: locks as declared, dual writes in step, outputs identical by key, rollback exact")
    func billingPasses() async throws {
        let project = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let started = ContinuousClock.now
        let (result, report) = try await Self.validate(project)
        let elapsed = ContinuousClock.now - started
        #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
        let validation = try #require(report)
        #expect(validation.passed)
        #expect(validation.executor == "keel")
        #expect(validation.steps.count == 9)
        #expect(validation.steps.allSatisfy { $0.ok })
        #expect(validation.dualWrite.count == 4 && validation.dualWrite.allSatisfy { $0.ok })
        // Keyed by the model's unique test column; amount moved from integer to numeric(12,2) with equal values.
        let staging = try #require(validation.outputs.first { $0.consumer == "dbt:model.billing_dbt.stg_invoices" })
        #expect(staging.ok && staging.key == ["invoice_id"] && staging.identical == 2000)
        #expect((staging.modified, staging.added, staging.removed, staging.nonuniquePK) == (0, 0, 0, 0))
        let amount = try #require(staging.columns.first { $0.column == "amount" })
        #expect(amount.typeBefore == "integer" && amount.typeAfter == "numeric(12,2)" && amount.matchRate == 1 && amount.compared == 2000)
        #expect(validation.outputs.first { $0.consumer == "dbt:model.billing_dbt.fct_invoice_revenue" }?.key == ["invoice_id"])
        // A query's output has no key: whole rows match.
        let api = try #require(validation.outputs.first { $0.consumer == "api:GET /invoices/{id}" })
        #expect(api.ok && api.key.isEmpty && api.identical == 1)
        // Every query was EXPLAINed and EXPLAIN ANALYZEd before and after.
        #expect(validation.queryPlans.count == 3)
        #expect(validation.queryPlans.allSatisfy { $0.microsecondsBefore != nil && $0.microsecondsAfter != nil })
        #expect(validation.rollback?.restored == true)
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: project.plan))
        #expect(validation.plan == plan.hash)
        // Progress on stderr (not a terminal here: one line per step, rows per tenth).
        #expect(result.standardError.contains("[sandbox 1/"), "\(result.standardError)")
        #expect(result.standardError.contains("rows, "))
        #expect(result.standardError.contains("[apply 1/9]"))
        #expect(result.standardError.contains("[diff 1/"))
        #expect(result.standardError.contains("validated in "))
        let markdown = try String(contentsOfFile: project.directory + "/validation.md", encoding: .utf8)
        // The review page lands beside the JSON, with the impact graph from the lineage.json there.
        let page = try String(contentsOfFile: project.directory + "/report.html", encoding: .utf8)
        #expect(page.contains("dbt:model.billing_dbt.stg_invoices"))
        #expect(result.standardError.contains("review page: "))
        #expect(markdown.contains("| dbt:model.billing_dbt.stg_invoices | invoice_id | 2000 | 2000 | 2000 | 0 | 0 | 0 | 0 | ✓ |"))
        #expect(markdown.contains("| amount | integer | numeric(12,2) | 100.00% | 0/2000 |"))
        // Timing belongs to benchmarks; this only catches a validation that hangs.
        #expect(elapsed < .seconds(300), "validation took \(elapsed)")
        print("validate (Keel's executor) took \(elapsed)")
    }

    @Test("a sampled table keeps the rows a query's example parameters select: the API's invoice 42 is replayed, not an empty result")
    func sampledTableKeepsExampleRows() async throws {
        let project = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        // 2,000 invoices, 50 copied: a sample of 2.5 % rarely draws invoice 42 by itself.
        let (result, report) = try await Self.validate(project, ["--sample", "50"])
        #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
        let validation = try #require(report)
        #expect(validation.sandbox.tables.contains { $0.table.name.name == "invoices" && $0.sampled })
        let api = try #require(validation.outputs.first { $0.consumer == "api:GET /invoices/{id}" })
        #expect(api.ok && api.identical == 1, "\(api)")
    }

    @Test("a lossy up expression fails: the outputs change")
    func lossyUp() async throws {
        let spec = """
            change: lossy
            operations:
              - alter_column: {table: invoices, column: amount, type: "numeric(12,2)", up: "round(amount / 100.0) * 100", down: "round(amount)::integer"}
            """
        let project = try await Self.prepare(spec: spec)
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let (result, report) = try await Self.validate(project)
        #expect(result.exitCode == 1)
        let validation = try #require(report)
        #expect(validation.findings.contains { $0.check == "output" && $0.subject == "dbt:model.billing_dbt.stg_invoices" })
        #expect(validation.findings.contains { $0.check == "dual-write" }, "\(validation.dualWrite) \(validation.findings.map(\.message))")
        // Rows keep their key and change value: modified, with the amount column's match rate and samples.
        let staging = try #require(validation.outputs.first { $0.consumer == "dbt:model.billing_dbt.stg_invoices" })
        #expect(staging.modified > 0 && staging.added == 0 && staging.removed == 0)
        let amount = try #require(staging.columns.first { $0.column == "amount" })
        #expect(amount.mismatches == staging.modified && (amount.matchRate ?? 1) < 1)
        #expect(staging.samples.contains { $0.status == .modified && $0.changes.contains { $0.column == "amount" } })
    }

    @Test("a non-concurrent index build fails the lock check")
    func nonConcurrentIndex() async throws {
        let spec = "change: idx\noperations:\n  - create_index: {table: invoices, name: invoices_due_idx, columns: [due_at]}\n"
        let project = try await Self.prepare(spec: spec)
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        // Someone edited the plan by hand and dropped CONCURRENTLY.
        let text = try String(contentsOfFile: project.plan, encoding: .utf8).replacingOccurrences(of: "INDEX CONCURRENTLY \\\"invoices_due_idx", with: "INDEX \\\"invoices_due_idx")
            .replacingOccurrences(of: "INDEX CONCURRENTLY \"invoices_due_idx", with: "INDEX \"invoices_due_idx")
        try Data(text.utf8).write(to: URL(fileURLWithPath: project.plan))
        let (result, report) = try await Self.validate(project)
        #expect(result.exitCode == 1, "\(result.standardOutput)")
        let validation = try #require(report)
        #expect(validation.findings.contains { $0.check == "lock" && $0.message.contains("took SHARE") })
    }

    @Test("a missed consumer patch fails: after the contract the consumer reads a dropped column")
    func missedPatch() async throws {
        let project = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        var plan = try MigrationPlan.read(from: URL(fileURLWithPath: project.plan))
        plan.consumerPatches.removeAll { $0.file.hasSuffix("stg_invoices.sql") }
        try plan.write(to: URL(fileURLWithPath: project.plan))
        let (result, report) = try await Self.validate(project)
        #expect(result.exitCode == 1)
        let validation = try #require(report)
        // The unpatched model's view still reads invoices.amount, so the contract cannot drop it.
        #expect(validation.findings.contains { $0.severity == .error && $0.message.contains("stg_invoices") && $0.message.contains("amount") })
    }

    @Test("a filter change in a model fails: its output rows differ")
    func filterChange() async throws {
        let project = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        var plan = try MigrationPlan.read(from: URL(fileURLWithPath: project.plan))
        let model = "dbt/billing_dbt/models/marts/mart_monthly_revenue.sql"
        let original = try String(contentsOfFile: project.directory + "/" + model, encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.contains("is_revenue") })
        let changed = "where status = 'paid'"
        plan.consumerPatches.append(.init(consumer: "test", file: model,
            diff: "--- a/\(model)\n+++ b/\(model)\n@@ -\(index + 1),1 +\(index + 1),1 @@\n-\(lines[index])\n+\(changed)\n", columns: []))
        try plan.write(to: URL(fileURLWithPath: project.plan))
        let (result, report) = try await Self.validate(project)
        #expect(result.exitCode == 1)
        let validation = try #require(report)
        #expect(validation.findings.contains { $0.check == "output" && $0.subject == "dbt:model.billing_dbt.mart_monthly_revenue" })
        // Keyed by month: the months stay, their revenue changes.
        let mart = try #require(validation.outputs.first { $0.consumer == "dbt:model.billing_dbt.mart_monthly_revenue" })
        #expect(mart.key == ["month"] && mart.modified > 0 && !mart.ok)
        #expect(mart.columns.first { $0.column == "revenue" }.map { $0.mismatches > 0 } == true)
    }

    @Test("a dropped index a dashboard query needs fails the query-plan check: index scan became seq scan")
    func droppedIndex() async throws {
        let spec = "change: drop-idx\noperations:\n  - drop_index: {name: invoices_customer_id_idx}\n"
        let dashboard = """

              - name: Customer invoices
                kind: dashboard
                queries:
                  - name: invoices of a customer
                    sql: SELECT id, amount, status FROM invoices WHERE customer_id = $1
                    parameters:
                      - name: customer_id
                        type: bigint
                        example: 42
            """
        // 20,000 invoices of 1,000 customers, copied whole: the planner picks the index for one customer.
        let project = try await Self.prepare(spec: spec, extraQueries: dashboard, scale: "0.1")
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let (result, report) = try await Self.validate(project, ["--sample", "50000"])
        #expect(result.exitCode == 1, "\(result.standardOutput)\n\(result.standardError)")
        let validation = try #require(report)
        let check = try #require(validation.queryPlans.first { $0.consumer == "dashboard:Customer invoices" })
        #expect(check.before.contains { $0.hasSuffix("Scan on invoices") && !$0.hasPrefix("Seq") }, "\(check.before)")
        #expect(check.after.contains("Seq Scan on invoices"), "\(check.after)")
        let finding = try #require(validation.findings.first { $0.check == "query-plan" && $0.subject == "dashboard:Customer invoices" })
        #expect(finding.severity == .error && finding.message.contains("lost index use on invoices"), "\(finding.message)")
        // Nothing else failed: the outputs are the same, the locks as declared.
        #expect(validation.findings.filter { $0.severity == .error }.count == 1, "\(validation.findings)")
    }

    @Test("with --dbt dbt, real dbt build runs in the sandbox: its tests catch a schema.yml the plan did not patch; patched, it validates green")
    func realDbt() async throws {
        let dbt = try TestVenv.tool("dbt", for: "dbt-core and dbt-postgres")
        let project = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }

        // The plan's patches move the models to amount_decimal, but the source's not_null test in
        // schema.yml still names amount: after the contract, dbt build fails it. Keel's executor
        // runs no tests; real dbt does.
        let (failed, unpatched) = try await Self.validate(project, ["--dbt", "dbt"], environment: ["KEEL_DBT": dbt])
        #expect(failed.exitCode == 1, "\(failed.standardOutput)\n\(failed.standardError)")
        let first = try #require(unpatched)
        #expect(first.executor?.hasPrefix("dbt 1.9") == true, "\(first.executor ?? "nil")")
        #expect(first.findings.contains { $0.check == "dbt-test" && $0.severity == .error && $0.subject.contains("source_not_null_billing_invoices_amount") },
                "\(first.findings.map(\.message))")
        #expect(!first.findings.contains { $0.check == "baseline" || ($0.check == "dbt-test" && $0.severity == .warning) })
        #expect(first.rollback?.restored == true)

        // With that file patched too, the same change validates green under real dbt.
        var plan = try MigrationPlan.read(from: URL(fileURLWithPath: project.plan))
        let file = "dbt/billing_dbt/models/staging/schema.yml"
        let lines = try String(contentsOfFile: project.directory + "/" + file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.contains("- name: amount") })
        let renamed = lines[index].replacingOccurrences(of: "amount", with: "amount_decimal")
        plan.consumerPatches.append(.init(consumer: "test", file: file,
            diff: "--- a/\(file)\n+++ b/\(file)\n@@ -\(index + 1),1 +\(index + 1),1 @@\n-\(lines[index])\n+\(renamed)\n", columns: []))
        try plan.write(to: URL(fileURLWithPath: project.plan))
        let started = ContinuousClock.now
        let (result, report) = try await Self.validate(project, ["--dbt", "dbt"], environment: ["KEEL_DBT": dbt])
        let elapsed = ContinuousClock.now - started
        #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
        let validation = try #require(report)
        #expect(validation.passed, "\(validation.findings)")
        let staging = try #require(validation.outputs.first { $0.consumer == "dbt:model.billing_dbt.stg_invoices" })
        #expect(staging.ok && staging.key == ["invoice_id"] && staging.identical == 2000)
        #expect(validation.outputs.contains { $0.consumer == "dbt:model.billing_dbt.mart_monthly_revenue" && $0.ok && $0.key == ["month"] })
        #expect(validation.rollback?.restored == true)
        #expect(result.standardError.contains("dbt build"))
        // The project is untouched: dbt wrote its target/ and logs elsewhere.
        #expect(!FileManager.default.fileExists(atPath: project.directory + "/dbt/billing_dbt/target"))
        #expect(!FileManager.default.fileExists(atPath: project.directory + "/dbt/billing_dbt/logs"))
        print("validate --dbt dbt took \(elapsed)")
    }

    @Test("a wrong --dbt value, or --dbt dbt without dbt, is refused with exit 2 before anything runs")
    func dbtBadInput() async throws {
        let project = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let (wrong, _) = try await Self.validate(project, ["--dbt", "sometimes"])
        #expect(wrong.exitCode == 2)
        #expect(wrong.standardError.contains("--dbt must be one of auto, keel, dbt"))
        let (missing, report) = try await Self.validate(project, ["--dbt", "dbt"], environment: ["KEEL_DBT": "/nonexistent/dbt", "PATH": "/nonexistent"])
        #expect(missing.exitCode == 2, "\(missing.standardError)")
        #expect(missing.standardError.contains("no dbt runs here"))
        #expect(missing.standardError.contains("hint: install dbt-core"))
        #expect(report == nil)
        #expect(!missing.standardError.contains("[sandbox"))
    }

    @Test("a plan made for another catalog is refused with exit 2")
    func wrongCatalog() async throws {
        let project = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let database = try #require(TestDatabase.current)
        try await database.execute("CREATE TABLE drifted (id int)")
        let (result, _) = try await Self.validate(project)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("discover again and re-plan"))
    }
}
