import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel plan` and `keel spec validate`: files written, exit statuses, and bad input that changes nothing.
@Suite struct PlanCommandTests {
    static var billing: String {
        BillingFiles.directory
    }
    static var planFixtures: String {
        PackageRoot.url.appendingPathComponent("Tests/KeelPlanTests/Fixtures/billing").path
    }

    static func scratch() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keel-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func helpHasExamples() async throws {
        for command in [["plan", "--help"], ["spec", "validate", "--help"]] {
            let result = try await KeelBinary.run(command)
            #expect(result.exitCode == 0)
            #expect(result.standardOutput.contains("Examples:"))
        }
    }

    @Test("writes plan.json and plan.md with the consumer patches")
    func writesPlan() async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try await KeelBinary.run([
            "plan", BillingFiles.changeSpec, "--catalog", Self.billing + "/catalog.json",
            "--lineage", Self.planFixtures + "/lineage.json", "--project", Self.billing,
            "--out", dir + "/plan.json", "--markdown", dir + "/plan.md",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("planned extend-billing: 15 steps"))
        #expect(result.standardOutput.contains("3 consumer patches"))
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: dir + "/plan.json"))
        #expect(plan.consumerPatches.count == 3)
        let markdown = try String(contentsOfFile: dir + "/plan.md", encoding: .utf8)
        #expect(markdown.contains("# Plan: extend-billing"))

        let json = try await KeelBinary.run(["plan", BillingFiles.changeSpec, "--catalog", Self.billing + "/catalog.json", "--json"])
        #expect(json.exitCode == 0)
        let decoded = try MigrationPlan.decode(Data(json.standardOutput.utf8), path: "stdout")
        #expect(decoded.phases.count == 5)
    }

    @Test("bad input exits 2 with the code's message and writes nothing", arguments: [
        ("change: c\noperations:\n  - add_column: {table: nope, column: {name: x, type: int}}\n", "table public.nope does not exist"),
        ("change: c\noperations:\n  - drop_column: {table: invoices, column: nope}\n", "column nope does not exist in public.invoices"),
        ("change: c\noperations:\n  - alter_column: {table: invoices, column: amount, type: 'numeric(12,2)', up: 'amount +'}\n", "up is not valid SQL"),
        ("change: c\noperations:\n  - alter_column: {table: invoices, column: amount, type: 'numeric(('}\n", "type is not valid SQL"),
        ("change: c\noperations:\n  - add_column: {table: invoices, colum: {name: x, type: int}}\n", "unknown field 'colum'"),
        ("change: c\noperations:\n  - alter_column: {table: invoices, column: amount, default: '1; DROP TABLE invoices'}\n", "default is not valid SQL"),
        ("change: c\noperations:\n  - alter_column: {table: invoices, column: amount, default: '(SELECT 1)'}\n", "a subquery is not allowed"),
    ])
    func badInput(spec: String, message: String) async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(spec.utf8).write(to: URL(fileURLWithPath: dir + "/change.yaml"))
        let result = try await KeelBinary.run(["plan", "change.yaml", "--catalog", Self.billing + "/catalog.json", "--out", "plan.json"],
                                              workingDirectory: dir)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.contains("operations[0]"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/plan.json"))
    }

    @Test("usage errors exit 2: no spec, no catalog, both catalog and db")
    func usage() async throws {
        #expect(try await KeelBinary.run(["plan"]).exitCode == 2)
        #expect(try await KeelBinary.run(["plan", BillingFiles.changeSpec]).exitCode == 2)
        #expect(try await KeelBinary.run(["plan", BillingFiles.changeSpec, "--catalog", "x.json", "--db", "postgres://h/db"]).exitCode == 2)
    }

    @Test("an unreachable host and a wrong password exit 2 with one clear line")
    func connectionFailures() async throws {
        let unreachable = try await KeelBinary.run(["plan", BillingFiles.changeSpec, "--db", "postgres://keel@127.0.0.1:1/db"])
        #expect(unreachable.exitCode == 2)
        #expect(unreachable.standardError.lowercased().contains("unreachable") || unreachable.standardError.contains("connect"))
        #expect(!unreachable.standardError.contains("secret"))
        let cluster = try await TestCluster.shared.cluster()
        let wrong = try await KeelBinary.run([
            "plan", BillingFiles.changeSpec,
            "--db", "postgres://nobody:secret@localhost/postgres?host=\(cluster.socketDirectory)&port=\(cluster.port)",
        ])
        #expect(wrong.exitCode == 2)
        #expect(!wrong.standardError.contains("secret"))
    }

    @Test("spec validate: 0 for a valid spec, 2 with the line and field for a bad one")
    func specValidate() async throws {
        let valid = try await KeelBinary.run(["spec", "validate", BillingFiles.changeSpec])
        #expect(valid.exitCode == 0)
        #expect(valid.standardOutput.contains("valid: extend-billing, 2 operations (add_column, alter_column)"))
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("change: c\noperations:\n  - add_column:\n      table: t\n      column: {name: x, type: int, nulable: true}\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/bad.yaml"))
        let bad = try await KeelBinary.run(["spec", "validate", "bad.yaml"], workingDirectory: dir)
        #expect(bad.exitCode == 2)
        #expect(bad.standardError.contains("bad.yaml:5:"))
        #expect(bad.standardError.contains("operations[0].add_column.column: unknown field 'nulable'"))
        let json = try await KeelBinary.run(["spec", "validate", "bad.yaml", "--json"], workingDirectory: dir)
        #expect(json.exitCode == 2)
        #expect(json.standardOutput.contains("\"code\": \"plan.malformed-spec\""))
    }
}
