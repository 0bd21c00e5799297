import Foundation
import KeelCore
import KeelMonitor
import KeelPostgres
import KeelTestSupport
import PostgresNIO
import Testing

/// Monitor on a real database: take the "before", make each kind of regression by hand, and
/// check that each is reported with its numbers; bad input changes nothing.
@Suite(.postgres, .tags(.postgres)) struct ChangeMonitorTests {
    /// A plan that alters `table.column` in place (the shape monitor needs: a touched table and a changed column).
    static func plan(table: String, column: String) throws -> MigrationPlan {
        let name = try QualifiedName(schema: "public", name: table)
        let spec = ChangeSpec(change: "relax-\(table)-\(column)", operations: [.alterColumn(.init(table: table, column: column, nullable: true))])
        let step = MigrationPlan.Step(
            id: "expand.1", operation: 0, summary: "drop NOT NULL", table: name,
            statements: ["ALTER TABLE \(name) ALTER COLUMN \(try Identifier(column)) DROP NOT NULL"], transactional: true,
            lock: .accessExclusive, rewrite: .none, estimate: .init(rows: nil, bytes: nil, milliseconds: 1), rollback: nil)
        let hash = ContentHash(of: Data(spec.change.utf8))
        return try MigrationPlan(change: spec.change, spec: spec, inputs: .init(spec: hash, catalog: hash, lineage: nil),
                                 phases: [.init(kind: .expand, steps: [step])], consumerPatches: [], notes: [])
    }

    static func snapshot(_ plan: MigrationPlan, _ database: TestDatabase) async throws {
        try await MonitorSnapshotStore.take(plan: plan, environment: "test", source: .manual, operator: "tests", config: database.config)
    }

    static func check(_ plan: MigrationPlan, _ database: TestDatabase) async throws -> MonitorReport {
        try await ChangeMonitor.check(plan: plan, environment: "test", config: database.config)
    }

    /// Runs `sql` `times` times in one psql session.
    static func run(_ sql: String, times: Int, _ database: TestDatabase) async throws {
        try await database.psql(Array(repeating: ["-c", sql], count: times).flatMap { $0 })
    }

    /// Waits until the table's scan counters include a finished session's scans (backends flush them as they exit).
    static func waitForScans(_ database: TestDatabase, table: String, atLeast: Int64) async throws {
        var binds = PostgresBindings()
        binds.append(table)
        for _ in 0..<100 {
            let scans = try await Session.with(database.config) { session in
                try await session.one("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = $1",
                                      binds: binds) { try $0.decode(Int64.self) }
            }
            if scans >= atLeast { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test("a query that became slow because its index was dropped: slower, scans turned sequential, index gone")
    func droppedIndex() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(
            "CREATE EXTENSION pg_stat_statements",
            "CREATE TABLE public.events (id bigint PRIMARY KEY, code int NOT NULL, payload text)",
            "INSERT INTO public.events SELECT g, g, md5(g::text) FROM generate_series(1, 200000) AS g",
            "CREATE INDEX events_code_idx ON public.events (code)",
            "ANALYZE public.events")
        let plan = try Self.plan(table: "events", column: "payload")
        let lookup = "SELECT payload FROM public.events WHERE code = 4242"
        try await Self.run(lookup, times: 20, database)
        try await Self.waitForScans(database, table: "events", atLeast: 20)
        try await Self.snapshot(plan, database)

        try await database.execute("DROP INDEX public.events_code_idx", "CREATE SCHEMA reporting",
                                    "CREATE VIEW reporting.recent_events AS SELECT id, code FROM public.events")
        try await Self.run(lookup, times: 20, database)
        // Planned away (no scan), but counted by pg_stat_statements.
        try await Self.run("SELECT count(*) FROM reporting.recent_events WHERE false", times: 3, database)
        try await Self.waitForScans(database, table: "events", atLeast: 41)
        let report = try await Self.check(plan, database)

        #expect(report.regressed && report.statementsAvailable)
        let query = try #require(report.queries.first { $0.query.contains("WHERE code = $1") })
        #expect(query.callsBefore == 20 && query.callsAfter == 20)
        #expect((query.meanMillisecondsAfter ?? 0) > (query.meanMillisecondsBefore ?? .infinity))
        #expect(report.findings.contains { $0.kind == .querySlower && $0.object == query.queryID && $0.regression })
        let table = try #require(report.tables.first { $0.table == "public.events" })
        #expect(table.seqScanAfter >= 20 && table.idxScanAfter == 0 && table.seqTupReadAfter >= 20 * 200_000)
        #expect(report.findings.contains { $0.kind == .seqScanGrowth && $0.object == "public.events" })
        #expect(report.findings.contains { $0.kind == .indexDisappeared && $0.object == "events_code_idx on public.events" })
        // The dropped index lowers the table's idx_scan (a sum over its indexes): that is not a statistics reset.
        #expect(!report.findings.contains { $0.kind == .note }, "\(report.findings)")
        // A query through a view over the table is watched too.
        #expect(report.queries.contains { $0.query.contains("reporting.recent_events") && $0.callsAfter == 3 }, "\(report.queries.map(\.query))")
        // Monitor's own counting queries are never among the watched ones.
        #expect(!report.queries.contains { $0.query.contains("keel_monitor_") })
    }

    @Test("a null rate that jumped on a changed column is a regression; rows and nulls before and after")
    func nullRateJumped() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(
            "CREATE EXTENSION pg_stat_statements",
            "CREATE TABLE public.customers (id int PRIMARY KEY, email text NOT NULL)",
            "INSERT INTO public.customers SELECT g, 'c' || g || '@example.com' FROM generate_series(1, 1000) AS g")
        let plan = try Self.plan(table: "customers", column: "email")
        try await Self.snapshot(plan, database)
        #expect(try await !Self.check(plan, database).regressed)

        try await database.execute("ALTER TABLE public.customers ALTER COLUMN email DROP NOT NULL",
                                    "UPDATE public.customers SET email = NULL WHERE id % 2 = 0")
        let report = try await Self.check(plan, database)
        #expect(report.regressed)
        let column = try #require(report.columns.first)
        #expect(column.table == "public.customers" && column.column == "email")
        #expect(column.before?.rows == 1000 && column.before?.nulls == 0)
        #expect(column.after?.rows == 1000 && column.after?.nulls == 500)
        let finding = try #require(report.findings.first { $0.kind == .nullRateIncrease })
        #expect(finding.object == "public.customers.email" && finding.summary.contains("0.0 % → 50.0 %"))
        #expect(!report.findings.contains { $0.kind == .rowCountDrop })
    }

    @Test("hostile table and column names: measured, matched in pg_stat_statements, and judged", arguments: EvilNames.all)
    func hostileNames(_ name: String) async throws {
        let database = try #require(TestDatabase.current)
        let table = try QualifiedName(schema: "public", name: name)
        let column = try Identifier(name)
        try await database.execute(
            "CREATE EXTENSION pg_stat_statements",
            "CREATE TABLE \(table) (id int PRIMARY KEY, \(column) text)",
            "INSERT INTO \(table) SELECT g, 'v' FROM generate_series(1, 100) AS g")
        let plan = try Self.plan(table: name, column: name)
        try await Self.snapshot(plan, database)
        try await database.execute("UPDATE \(table) SET \(column) = NULL WHERE id <= 50")
        try await Self.run("SELECT \(column.quoted) FROM \(table.quoted) WHERE id = 7", times: 2, database)
        let report = try await Self.check(plan, database)
        #expect(report.columns.first?.after?.nulls == 50, "\(name)")
        #expect(report.findings.contains { $0.kind == .nullRateIncrease }, "\(name)")
        #expect(report.queries.contains { $0.callsAfter == 2 }, "\(name): \(report.queries.map(\.query))")
    }

    @Test("a new invalid index (a failed CREATE UNIQUE INDEX CONCURRENTLY on duplicates) is a regression")
    func invalidIndex() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(
            "CREATE TABLE public.accounts (id int PRIMARY KEY, handle text NOT NULL)",
            "INSERT INTO public.accounts SELECT g, 'h' || (g % 50) FROM generate_series(1, 500) AS g")
        let plan = try Self.plan(table: "accounts", column: "handle")
        try await Self.snapshot(plan, database)
        await #expect(throws: (any Error).self) {
            try await database.psql(["-c", "CREATE UNIQUE INDEX CONCURRENTLY accounts_handle_key ON public.accounts (handle)"])
        }
        let report = try await Self.check(plan, database)
        #expect(report.regressed)
        let finding = try #require(report.findings.first { $0.kind == .indexInvalid })
        #expect(finding.object == "accounts_handle_key on public.accounts")
        #expect(finding.summary.contains("DROP INDEX CONCURRENTLY"))
    }

    @Test("without pg_stat_statements: says how to enable it, and still judges index and data health")
    func withoutStatements() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(
            "CREATE TABLE public.orders (id int PRIMARY KEY, status text NOT NULL)",
            "INSERT INTO public.orders SELECT g, 'new' FROM generate_series(1, 1000) AS g")
        let plan = try Self.plan(table: "orders", column: "status")
        try await Self.snapshot(plan, database)
        var report = try await Self.check(plan, database)
        #expect(!report.statementsAvailable && !report.regressed)
        let note = try #require(report.statementsNote)
        #expect(note.contains("CREATE EXTENSION pg_stat_statements"))
        #expect(note.contains("index and data health are still checked"))
        #expect(report.queries.isEmpty)

        try await database.execute("DELETE FROM public.orders WHERE id > 500")
        report = try await Self.check(plan, database)
        #expect(report.regressed)
        #expect(report.findings.contains { $0.kind == .rowCountDrop && $0.summary.contains("1000 rows before, 500 after") })
        // Monitor never creates the extension itself.
        let installed = try await Session.with(database.config) {
            try await $0.one("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'") { try $0.decode(Int64.self) }
        }
        #expect(installed == 0)
    }

    @Test("no snapshot: monitor.no-snapshot, and nothing is created")
    func noSnapshot() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute("CREATE TABLE public.orders (id int PRIMARY KEY, status text NOT NULL)")
        let plan = try Self.plan(table: "orders", column: "status")
        do {
            _ = try await Self.check(plan, database)
            Issue.record("expected monitor.no-snapshot")
        } catch let error as MonitorError {
            #expect(error.code == "monitor.no-snapshot")
            #expect(error.hint?.contains("keel monitor snapshot") == true)
        }
        let keel = try await Session.with(database.config) {
            try await $0.one("SELECT count(*) FROM pg_namespace WHERE nspname = 'keel'") { try $0.decode(Int64.self) }
        }
        #expect(keel == 0)
    }

    @Test("a big table is sampled with TABLESAMPLE SYSTEM for data health, and the report says so")
    func bigTablesAreSampled() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(
            "CREATE TABLE public.readings (id bigint PRIMARY KEY, value int)",
            "INSERT INTO public.readings SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE g END FROM generate_series(1, 200000) AS g",
            "ANALYZE public.readings")
        let plan = try Self.plan(table: "readings", column: "value")
        let thresholds = MonitorThresholds(sampleAboveRows: 1000)
        try await MonitorSnapshotStore.take(plan: plan, environment: "test", thresholds: thresholds, source: .manual, operator: "tests",
                                            config: database.config)
        let report = try await ChangeMonitor.check(plan: plan, environment: "test", thresholds: thresholds, config: database.config)
        let after = try #require(report.columns.first?.after)
        // About 100,000 of the estimated 200,000 rows: 50 % of the blocks.
        #expect(after.samplePercent == 50)
        #expect(after.rows > 150_000 && after.rows < 250_000, "the planner's estimate: \(after.rows)")
        let sampled = try #require(after.sampledRows)
        #expect(sampled > 50_000 && sampled < 150_000, "\(sampled)")
        #expect(abs(after.nullRate - 0.1) < 0.02, "\(after.nullRate)")
        #expect(report.findings.contains { $0.kind == .note && $0.summary.contains("TABLESAMPLE SYSTEM (50 %)") })
        #expect(!report.regressed)
        let decoded = try MonitorReport.decode(try CanonicalJSON.encode(report), path: "report")
        #expect(decoded.findings == report.findings && decoded.columns == report.columns && decoded.thresholds == thresholds)
    }

    @Test("a role that is not a superuser can snapshot and check (its counts cannot turn statistics off)")
    func notASuperuser() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute("CREATE TABLE public.orders (id int PRIMARY KEY, status text NOT NULL)",
                                   "INSERT INTO public.orders SELECT g, 'new' FROM generate_series(1, 100) AS g")
        let role = try await DriftDetectorTests.createRole(database, prefix: "mona", password: "mona-pw")
        try await database.execute("GRANT SELECT ON public.orders TO \(role)", "GRANT CREATE ON DATABASE \(try Identifier(database.name)) TO \(role)")
        var config = database.cluster.connectionConfig(database: database.name, user: role.name)
        config.password = Password("mona-pw")
        let plan = try Self.plan(table: "orders", column: "status")
        try await MonitorSnapshotStore.take(plan: plan, environment: "test", source: .manual, operator: "mona", config: config)
        let report = try await ChangeMonitor.check(plan: plan, environment: "test", config: config)
        #expect(!report.regressed && report.columns.first?.after?.rows == 100)
        try await DriftDetectorTests.dropRole(database, role)
    }

    @Test("a rollout start keeps the first snapshot; keel monitor snapshot replaces it")
    func firstSnapshotWins() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute("CREATE TABLE public.orders (id int PRIMARY KEY, status text NOT NULL)",
                                   "INSERT INTO public.orders SELECT g, 'new' FROM generate_series(1, 10) AS g")
        let plan = try Self.plan(table: "orders", column: "status")
        let first = try await MonitorSnapshotStore.take(plan: plan, environment: "test", source: .rolloutStart, operator: "alice",
                                                        config: database.config)
        #expect(first?.info.takenBy == "alice")
        try await database.execute("DELETE FROM public.orders WHERE id > 5")
        let again = try await MonitorSnapshotStore.take(plan: plan, environment: "test", source: .rolloutStart, operator: "bob",
                                                        config: database.config)
        #expect(again == nil)
        var report = try await Self.check(plan, database)
        #expect(report.snapshot.takenBy == "alice" && report.columns.first?.before?.rows == 10)
        try await MonitorSnapshotStore.take(plan: plan, environment: "test", source: .manual, operator: "carol", config: database.config)
        report = try await Self.check(plan, database)
        #expect(report.snapshot.takenBy == "carol" && report.snapshot.source == "keel monitor snapshot")
        #expect(report.columns.first?.before?.rows == 5 && !report.regressed)
    }
}
