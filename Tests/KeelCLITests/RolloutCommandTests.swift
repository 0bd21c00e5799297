import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel rollout` through the built binary: exit statuses, the production gates, and a kill -9
/// during the backfill followed by `keel rollout next`.
@Suite("keel rollout", .serialized)
struct RolloutCommandTests {
    static let billing = BillingFiles.directory
    static let planFixtures = PackageRoot.url.appendingPathComponent("Tests/KeelPlanTests/Fixtures/billing").path

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keel-rollout-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// plan.json for the billing change, made by `keel plan`.
    static func plan(in directory: URL, batchSize: Int = 50) async throws -> String {
        let path = directory.appendingPathComponent("plan.json").path
        let result = try await KeelBinary.run([
            "plan", BillingFiles.changeSpec, "--catalog", billing + "/catalog.json", "--lineage", planFixtures + "/lineage.json",
            "--project", billing, "--batch-size", "\(batchSize)", "--out", path,
        ])
        try #require(result.exitCode == 0, "keel plan failed: \(result.standardError)")
        return path
    }

    static func loadBilling(_ database: TestDatabase, name: String? = nil) async throws {
        let cluster = database.cluster
        for arguments in [["-f", billing + "/schema.sql"], ["-v", "scale=0.01", "-f", billing + "/data.sql"]] {
            try await ProgramRunner.check(
                cluster.binaries.psql,
                ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cluster.socketDirectory, "-p", "\(cluster.port)", "-U", ManagedCluster.superuser,
                 "-d", name ?? database.name] + arguments,
                environment: ["PGPASSWORD": nil, "PGOPTIONS": nil])
        }
    }

    /// One integer from psql (this target does not link PostgresNIO).
    static func int(_ database: TestDatabase, _ sql: SQL, name: String? = nil) async throws -> Int64 {
        let cluster = database.cluster
        let result = try await ProgramRunner.check(
            cluster.binaries.psql,
            ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", cluster.socketDirectory, "-p", "\(cluster.port)", "-U", ManagedCluster.superuser,
             "-d", name ?? database.name, "-c", sql.text],
            environment: ["PGPASSWORD": nil, "PGOPTIONS": nil])
        return Int64(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func helpListsTheSubcommandsWithExamples() async throws {
        let result = try await KeelBinary.run(["rollout", "--help"])
        #expect(result.exitCode == 0)
        for word in ["start", "next", "complete", "status", "rollback", "abort", "Examples:"] { #expect(result.standardOutput.contains(word)) }
        #expect(try await KeelBinary.run(["rollout", "next", "--help"]).standardOutput.contains("--max-rate"))
    }

    @Test func usageErrorsExitTwo() async throws {
        #expect(try await KeelBinary.run(["rollout", "start"]).exitCode == 2)
        #expect(try await KeelBinary.run(["rollout", "next", "plan.json", "--env", "staging", "--force"]).exitCode == 2)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try await Self.plan(in: directory)
        // No keel.yaml and no --db.
        #expect(try await KeelBinary.run(["rollout", "start", plan, "--env", "staging"], workingDirectory: directory.path).exitCode == 2)
    }

    @Test("production needs a validation report and staging ahead; --force --reason overrides", .postgres)
    func productionGates() async throws {
        let database = try #require(TestDatabase.current)
        try await Self.loadBilling(database)
        let productionName = database.name + "_prod"
        let admin = database.cluster.connectionConfig()
        try await Session.with(admin) { try await $0.execute("CREATE DATABASE \(try Identifier(productionName))") }
        defer { Task { try? await Session.with(admin) { try await $0.execute("DROP DATABASE IF EXISTS \(try Identifier(productionName)) WITH (FORCE)") } } }
        try await Self.loadBilling(database, name: productionName)
        let production = database.cluster.connectionConfig(database: productionName)

        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try await Self.plan(in: directory)
        let config = directory.appendingPathComponent("keel.yaml")
        try Data("""
            version: 1
            environments:
              staging:
                url: "\(database.config.redactedURL)"
              production:
                url: "\(production.redactedURL)"
                production: true
            """.utf8).write(to: config)
        let common = ["--config", config.path]
        var result = try await KeelBinary.run(["rollout", "start", plan, "--env", "production"] + common)
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardError.contains("validation"))
        result = try await KeelBinary.run(["rollout", "start", plan, "--env", "staging"] + common)
        #expect(result.exitCode == 0, "\(result.standardError)")
        // Forced past the missing report; staging has done expand.
        result = try await KeelBinary.run(["rollout", "start", plan, "--env", "production", "--force", "--reason", "drill INC-7"] + common)
        #expect(result.exitCode == 0, "\(result.standardError)")
        // Production may not run the backfill before staging has.
        result = try await KeelBinary.run(["rollout", "next", plan, "--env", "production"] + common)
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardError.contains("staging"))
        result = try await KeelBinary.run(["rollout", "next", plan, "--env", "staging"] + common)
        #expect(result.exitCode == 0, "\(result.standardError)")
        result = try await KeelBinary.run(["rollout", "next", plan, "--env", "production"] + common)
        #expect(result.exitCode == 0, "\(result.standardError)")
        result = try await KeelBinary.run(["rollout", "status", plan, "--json"] + common)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\"production\"") && result.standardOutput.contains("\"staging\""))
        #expect(try await Self.int(database, "SELECT count(*) FROM keel.migrations WHERE forced_reason LIKE '%validation gate%INC-7%'", name: productionName) == 1)
        #expect(try await Self.int(database, "SELECT count(*) FROM keel.step_log WHERE action = 'force'", name: productionName) == 1)
        result = try await KeelBinary.run(["rollout", "rollback", plan, "--env", "production"] + common)
        #expect(result.exitCode == 0, "\(result.standardError)")
    }

    @Test("kill -9 during the backfill, then keel rollout next resumes and completes with every row equal", .postgres)
    func crashDuringBackfill() async throws {
        let database = try #require(TestDatabase.current)
        try await Self.loadBilling(database)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try await Self.plan(in: directory)
        let url = database.config.redactedURL
        var result = try await KeelBinary.run(["rollout", "start", plan, "--env", "staging", "--db", url], workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.standardError)")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: KeelBinary.path)
        // Slow enough that the kill lands between batches even when each poll below takes seconds
        // on a loaded machine: after its first batch the backfill waits 10 s for the next.
        process.arguments = ["rollout", "next", plan, "--env", "staging", "--db", url, "--max-rate", "100"]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var done: Int64 = 0
        for _ in 0..<200 {
            try await Task.sleep(for: .milliseconds(50))
            done = (try? await Self.int(database, "SELECT coalesce(max(rows_done), 0) FROM keel.backfill_cursors")) ?? 0
            if done >= 300 { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let atKill = try await Self.int(database, "SELECT rows_done FROM keel.backfill_cursors")
        #expect(atKill >= 300 && atKill < 2000, "killed at \(atKill) rows")
        #expect(try await Self.int(database, "SELECT count(*) FROM invoices WHERE amount_decimal IS NOT NULL") == atKill)

        result = try await KeelBinary.run(["rollout", "next", plan, "--env", "staging", "--db", url], workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(try await Self.int(database, "SELECT rows_done FROM keel.backfill_cursors") == 2000)
        #expect(try await Self.int(database, "SELECT count(*) FROM invoices WHERE amount_decimal IS DISTINCT FROM amount::numeric(12,2)") == 0)
        result = try await KeelBinary.run(["rollout", "status", plan, "--env", "staging", "--db", url], workingDirectory: directory.path)
        #expect(result.exitCode == 0 && result.standardOutput.contains("through backfill"), "\(result.standardOutput)")
        result = try await KeelBinary.run(["rollout", "complete", plan, "--env", "staging", "--db", url], workingDirectory: directory.path)
        #expect(result.exitCode == 1, "the contract gate needs --lineage: \(result.standardError)")
    }
}
