import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel monitor` through the built binary: bad input exits 2 and changes nothing, and the billing
/// scenario after a full rollout (whose start took the snapshot) is clean.
@Suite("keel monitor", .serialized)
struct MonitorCommandTests {
    static func keelSchemaCount(_ database: TestDatabase) async throws -> Int64 {
        try await RolloutCommandTests.int(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'keel'")
    }

    @Test func helpListsTheSubcommandsWithExamples() async throws {
        let result = try await KeelBinary.run(["monitor", "--help"])
        #expect(result.exitCode == 0)
        for word in ["check", "snapshot", "Examples:", "mean_time_ratio"] { #expect(result.standardOutput.contains(word)) }
        #expect(try await KeelBinary.run(["monitor", "snapshot", "--help"]).standardOutput.contains("Examples:"))
    }

    @Test("bad input exits 2 and changes nothing: unknown env, no snapshot, malformed thresholds, unreachable host", .postgres)
    func badInput() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutCommandTests.loadBilling(database)
        let directory = try RolloutCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try await RolloutCommandTests.plan(in: directory)
        let config = directory.appendingPathComponent("keel.yaml")
        func write(_ monitor: String) throws {
            try Data("""
                version: 1
                environments:
                  staging:
                    url: "\(database.config.redactedURL)"
                \(monitor)
                """.utf8).write(to: config)
        }
        try write("")
        // Neither a plan nor --env.
        #expect(try await KeelBinary.run(["monitor"]).exitCode == 2)
        // An environment keel.yaml does not declare.
        var result = try await KeelBinary.run(["monitor", plan, "--env", "nope", "--config", config.path])
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.contains("nope"))
        // No snapshot: says how to take one, creates nothing.
        result = try await KeelBinary.run(["monitor", plan, "--env", "staging", "--config", config.path])
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.contains("keel monitor snapshot") && result.standardError.contains("keel rollout start"))
        // Malformed thresholds: the key, the line and what is expected.
        for (monitor, key) in [("monitor:\n  mean_time_ratio: fast", "monitor.mean_time_ratio"),
                               ("monitor:\n  null_rate_increase: 5", "monitor.null_rate_increase"),
                               ("monitor:\n  min_calls: -1", "monitor.min_calls"),
                               ("monitor:\n  seq_scans: 3", "seq_scans")] {
            try write(monitor)
            for arguments in [["monitor", plan], ["monitor", "snapshot", plan]] {
                result = try await KeelBinary.run(arguments + ["--env", "staging", "--config", config.path])
                #expect(result.exitCode == 2, "\(monitor): \(result.standardError)")
                #expect(result.standardError.contains(key), "\(monitor): \(result.standardError)")
            }
        }
        // An unreachable host: one clear line, no password.
        result = try await KeelBinary.run(["monitor", plan, "--env", "staging", "--db", "postgres://bob:hunter2@127.0.0.1:1/app?sslmode=disable"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("error: cannot reach PostgreSQL at 127.0.0.1:1"))
        #expect(!(result.standardError + result.standardOutput).contains("hunter2"))
        #expect(try await Self.keelSchemaCount(database) == 0)
    }

    @Test("a snapshot that cannot be stored never blocks the rollout: it starts, with a warning naming keel monitor snapshot", .postgres)
    func snapshotFailureIsAWarning() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutCommandTests.loadBilling(database)
        // A table of the wrong shape where the snapshot goes.
        try await database.psql(["-c", "CREATE SCHEMA keel", "-c", "CREATE TABLE keel.monitor_snapshots (x int)"])
        let directory = try RolloutCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try await RolloutCommandTests.plan(in: directory)
        let result = try await KeelBinary.run(["rollout", "start", plan, "--env", "staging", "--db", database.config.redactedURL],
                                              workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("warning: keel monitor's before snapshot was not taken"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("keel monitor snapshot PLAN --env staging"))
        #expect(try await RolloutCommandTests.int(database, "SELECT count(*) FROM keel.migrations WHERE status = 'active'") == 1)
    }

    /// The billing lineage after the consumers moved: nobody reads what the contract drops.
    static func movedLineage(plan: String, in directory: URL) throws -> String {
        let migration = try MigrationPlan.read(from: URL(fileURLWithPath: plan))
        var graph = try LineageGraph.read(from: URL(fileURLWithPath: RolloutCommandTests.planFixtures + "/lineage.json"))
        let moved = Set(migration.steps.compactMap(\.gate).flatMap(\.consumersAtPlanTime))
        graph.consumers.removeAll { moved.contains($0.id) }
        let path = directory.appendingPathComponent("lineage.after.json").path
        try CanonicalJSON.encode(graph).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("the billing scenario after a full rollout is clean; the rollout's start took the snapshot", .postgres)
    func billingAfterRolloutIsClean() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutCommandTests.loadBilling(database)
        try await database.psql(["-c", "CREATE EXTENSION pg_stat_statements", "-c", "ANALYZE"])
        let directory = try RolloutCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try await RolloutCommandTests.plan(in: directory)
        let lineage = try Self.movedLineage(plan: plan, in: directory)
        let url = database.config.redactedURL
        let lookups = Array(repeating: ["-c", "SELECT status FROM public.invoices WHERE id = 42"], count: 20).flatMap { $0 }
        try await database.psql(lookups)

        var result = try await KeelBinary.run(["rollout", "start", plan, "--env", "staging", "--db", url, "--operator", "dana"],
                                              workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(!result.standardOutput.contains("snapshot was not taken"), "\(result.standardOutput)")
        result = try await KeelBinary.run(["rollout", "complete", plan, "--env", "staging", "--db", url, "--lineage", lineage],
                                          workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(try await RolloutCommandTests.int(database, "SELECT count(*) FROM keel.migrations WHERE status = 'completed'") == 1)
        try await database.psql(lookups)

        result = try await KeelBinary.run(["monitor", plan, "--env", "staging", "--db", url, "--json"], workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
        let report = try MonitorReport.decode(Data(result.standardOutput.utf8), path: "stdout")
        #expect(!report.regressed && report.statementsAvailable)
        #expect(report.snapshot.source == "rollout start" && report.snapshot.takenBy == "dana")
        #expect(report.tables.map(\.table) == ["public.invoices"])
        let amount = try #require(report.columns.first { $0.column == "amount → amount_decimal" })
        #expect(amount.before?.column == "amount" && amount.after?.column == "amount_decimal")
        #expect(amount.before?.rows == amount.after?.rows && amount.after?.nulls == 0)
        #expect(report.queries.contains { $0.query.contains("WHERE id = $1") && $0.callsBefore == 20 && $0.callsAfter == 20 })

        result = try await KeelBinary.run(["monitor", plan, "--env", "staging", "--db", url], workingDirectory: directory.path)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.hasPrefix("no regression on staging for extend-billing"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("public.invoices.amount → amount_decimal"))
    }
}
