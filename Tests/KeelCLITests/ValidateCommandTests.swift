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
    static func prepare(spec: String? = nil, extraQueries: String = "") async throws -> Project {
        let database = try #require(TestDatabase.current)
        let fixtures = URL(fileURLWithPath: BillingFiles.directory)
        try await database.psql(["-f", fixtures.path + "/schema.sql"])
        try await database.psql(["-v", "scale=0.01", "-f", fixtures.path + "/data.sql"])
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

    static func validate(_ project: Project) async throws -> (ProgramResult, ValidationReport?) {
        let result = try await KeelBinary.run(["validate", project.plan, "--source", project.url, "--config", project.config,
                                               "--out", project.report, "--markdown", project.directory + "/validation.md"])
        let report = try? ValidationReport.read(from: URL(fileURLWithPath: project.report))
        return (result, report)
    }

    @Test("the billing change validates green: locks as declared, dual writes in step, outputs equal, rollback exact")
    func billingPasses() async throws {
        let project = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let (result, report) = try await Self.validate(project)
        #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
        let validation = try #require(report)
        #expect(validation.passed)
        #expect(validation.steps.count == 7)
        #expect(validation.steps.allSatisfy { $0.ok })
        #expect(validation.dualWrite.count == 4 && validation.dualWrite.allSatisfy { $0.ok })
        #expect(validation.outputs.contains { $0.consumer == "dbt:model.billing_dbt.stg_invoices" && $0.ok && $0.identical == 2000 })
        #expect(validation.outputs.contains { $0.consumer == "api:GET /invoices/{id}" && $0.ok })
        #expect(validation.rollback?.restored == true)
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: project.plan))
        #expect(validation.plan == plan.hash)
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
