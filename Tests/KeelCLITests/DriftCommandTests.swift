import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel drift` through the built binary: exit statuses (0 clean, 1 drift, 2 no baseline or a
/// connection error), the text and JSON reports, capture attribution, and the baseline that
/// `keel rollout` records.
@Suite("keel drift", .serialized)
struct DriftCommandTests {
    static let schema: [SQL] = [
        "CREATE TABLE public.orders (id bigserial PRIMARY KEY, amount numeric(12,2) NOT NULL DEFAULT 0, status text DEFAULT 'new')",
        "CREATE INDEX orders_status_idx ON public.orders (status)",
    ]

    static func drift(_ arguments: [String], _ database: TestDatabase) async throws -> ProgramResult {
        try await KeelBinary.run(["drift"] + arguments + ["--env", "test", "--db", database.config.redactedURL])
    }

    @Test func helpListsTheSubcommandsWithExamples() async throws {
        let result = try await KeelBinary.run(["drift", "--help"])
        #expect(result.exitCode == 0)
        for word in ["check", "record", "install-capture", "Examples:"] { #expect(result.standardOutput.contains(word)) }
        for subcommand in ["check", "record", "install-capture"] {
            #expect(try await KeelBinary.run(["drift", subcommand, "--help"]).standardOutput.contains("Examples:"))
        }
    }

    @Test func usageAndConnectionErrorsExitTwo() async throws {
        // Neither --env nor --db.
        #expect(try await KeelBinary.run(["drift"]).exitCode == 2)
        // An environment without keel.yaml.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keel-drift-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try await KeelBinary.run(["drift", "--env", "production"], workingDirectory: directory.path).exitCode == 2)
        // An unreachable host: one clear line, no password.
        let result = try await KeelBinary.run(["drift", "--env", "production", "--db", "postgres://bob:hunter2@127.0.0.1:1/app?sslmode=disable"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("error: cannot reach PostgreSQL at 127.0.0.1:1"))
        #expect(!(result.standardError + result.standardOutput).contains("hunter2"))
    }

    @Test("no baseline exits 2 and says how to record one", .postgres)
    func noBaseline() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        let result = try await Self.drift([], database)
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.contains("keel drift record"))
    }

    @Test("clean exits 0; a change by hand exits 1 with its DDL; recording accepts it", .postgres)
    func cleanThenDrifted() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        var result = try await Self.drift(["record", "--operator", "alice"], database)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("recorded baseline #1 on test"))

        result = try await Self.drift([], database)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("no drift on test"))

        try await database.execute("ALTER TABLE public.orders ADD COLUMN note text", "DROP INDEX public.orders_status_idx")
        result = try await Self.drift(["check"], database)
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("+ column public.orders.note added: text, nullable"))
        #expect(result.standardOutput.contains(#"ALTER TABLE "public"."orders" ADD COLUMN "note" text;"#))
        #expect(result.standardOutput.contains(#"revert: CREATE INDEX orders_status_idx ON public.orders USING btree (status);"#))
        #expect(result.standardOutput.contains("keel drift install-capture"))

        result = try await Self.drift(["--json"], database)
        #expect(result.exitCode == 1)
        let report = try DriftReport.decode(Data(result.standardOutput.utf8), path: "stdout")
        #expect(report.drifted && report.environment == "test")
        #expect(report.baseline.recordedBy == "alice")
        #expect(report.differences.map(\.kind) == [.columnAdded, .indexDropped])

        result = try await Self.drift(["record"], database)
        #expect(result.exitCode == 0)
        #expect(try await Self.drift([], database).exitCode == 0)
    }

    @Test("with capture installed, drift says who made each change", .postgres)
    func attribution() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        var result = try await Self.drift(["install-capture"], database)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(try await Self.drift(["record"], database).exitCode == 0)
        try await database.psql(["-c", "ALTER TABLE public.orders ALTER COLUMN status SET DEFAULT 'pending'"])
        result = try await Self.drift([], database)
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("changed by \(ManagedCluster.superuser) at "))
        #expect(result.standardOutput.contains("via psql: ALTER TABLE public.orders ALTER COLUMN status SET DEFAULT 'pending'"))
        #expect(!result.standardOutput.contains("install-capture"))

        result = try await Self.drift(["install-capture", "--uninstall"], database)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("removed"))
    }

    @Test("install-capture as a non-superuser exits 2 and installs nothing", .postgres)
    func captureNeedsASuperuser() async throws {
        let database = try #require(TestDatabase.current)
        let role = try Identifier("carol_" + UUID().uuidString.prefix(8).lowercased())
        try await database.execute("CREATE ROLE \(role) LOGIN PASSWORD 'carol-pw'")
        let config = database.cluster.connectionConfig(database: database.name, user: role.name)
        let result = try await KeelBinary.run(["drift", "install-capture", "--db", config.redactedURL], environment: ["PGPASSWORD": "carol-pw"])
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.contains("superuser"))
        #expect(try await RolloutCommandTests.int(database, "SELECT count(*) FROM pg_event_trigger") == 0)
        #expect(try await RolloutCommandTests.int(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'keel'") == 0)
        try await Session.with(database.cluster.connectionConfig()) { try await $0.execute("DROP ROLE \(role)") }
    }

    /// Starts the billing rollout on staging with `extra` arguments, then runs `keel drift --json`.
    static func driftAfterRolloutStart(_ extra: [String], environment: [String: String?] = [:]) async throws -> DriftReport {
        let database = try #require(TestDatabase.current)
        try await RolloutCommandTests.loadBilling(database)
        let directory = try RolloutCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try await RolloutCommandTests.plan(in: directory)
        let url = database.config.redactedURL
        var result = try await KeelBinary.run(["rollout", "start", plan, "--env", "staging", "--db", url] + extra,
                                              environment: environment, workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        result = try await KeelBinary.run(["drift", "--env", "staging", "--db", url, "--json"], workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
        return try DriftReport.decode(Data(result.standardOutput.utf8), path: "stdout")
    }

    @Test("keel rollout records the baseline, so its own DDL is not drift", .postgres)
    func rolloutRecordsTheBaseline() async throws {
        let report = try await Self.driftAfterRolloutStart(["--operator", "dana"])
        #expect(report.baseline.migrationID != nil)
        #expect(report.baseline.step?.hasPrefix("expand.") == true)
        #expect(report.baseline.recordedBy == "dana")
    }

    @Test("without --operator and without $USER, the account keel runs as is recorded", .postgres)
    func operatorFromTheAccount() async throws {
        let report = try await Self.driftAfterRolloutStart([], environment: ["USER": nil, "LOGNAME": nil])
        #expect(report.baseline.recordedBy == OSUser.current()?.name)
        #expect(!report.baseline.recordedBy.isEmpty)
    }
}
