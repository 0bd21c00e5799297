import Foundation
import KeelCore
import KeelDiscover
import KeelMonitor
import KeelPostgres
import KeelTestSupport
import Testing

/// Drift on a real database: record a baseline, change the schema by hand, and check that every
/// change is reported with DDL that really reproduces it (applied to a copy of the baseline, it
/// gives the same catalog) and really reverts it.
@Suite(.postgres, .tags(.postgres)) struct DriftDetectorTests {
    static let schema: [SQL] = [
        "CREATE TABLE public.customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE)",
        """
        CREATE TABLE public.orders (id bigserial PRIMARY KEY, customer_id bigint REFERENCES public.customers (id),
          amount numeric(12,2) NOT NULL DEFAULT 0, status text DEFAULT 'new', created_at timestamptz NOT NULL DEFAULT now())
        """,
        "CREATE INDEX orders_created_idx ON public.orders (created_at)",
        "CREATE TABLE public.scratch (id int PRIMARY KEY, note text)",
        "CREATE VIEW public.open_orders AS SELECT id, status FROM public.orders WHERE status = 'new'",
    ]

    static func discover(_ config: ConnectionConfig) async throws -> Catalog {
        try await Discoverer(options: Discoverer.Options(jobs: 1)).discover(config)
    }

    static func check(_ database: TestDatabase) async throws -> DriftReport {
        try await DriftDetector.check(live: try await discover(database.config), config: database.config, environment: "test")
    }

    @discardableResult
    static func recordBaseline(_ database: TestDatabase, operatorName: String = "test") async throws -> DriftReport.Baseline {
        try await CatalogBaseline.record(catalog: try await discover(database.config), config: database.config, operator: operatorName)
    }

    /// A unique login role, for attribution and the superuser check; dropped by `dropRole`.
    static func createRole(_ database: TestDatabase, prefix: String, password: String? = nil) async throws -> Identifier {
        let role = try Identifier(prefix + "_" + UUID().uuidString.prefix(8).lowercased())
        if let password {
            try await database.execute("CREATE ROLE \(role) LOGIN PASSWORD \(literal: password)")
        } else {
            try await database.execute("CREATE ROLE \(role) LOGIN")
        }
        return role
    }

    static func dropRole(_ database: TestDatabase, _ role: Identifier) async throws {
        try await database.execute("REASSIGN OWNED BY \(role) TO postgres", "DROP OWNED BY \(role)")
        try await Session.with(database.cluster.connectionConfig()) { try await $0.execute("DROP ROLE \(role)") }
    }

    @Test("a column added, an index dropped, a default and a type changed, a table dropped: each reported with DDL that reproduces and reverts it")
    func everyKindOfDrift() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        let baseline = try await Self.recordBaseline(database)
        #expect(try await !Self.check(database).drifted)

        // A copy of the database in its baseline state, to replay the reported DDL on.
        let copy = try Identifier(database.name + "_copy")
        let admin = database.cluster.connectionConfig()
        try await Session.with(admin) { try await $0.execute("CREATE DATABASE \(copy) TEMPLATE \(try Identifier(database.name))") }
        defer { Task { try? await Session.with(admin) { try await $0.execute("DROP DATABASE IF EXISTS \(copy) WITH (FORCE)") } } }

        try await database.execute(
            "ALTER TABLE public.orders ADD COLUMN note text",
            "DROP INDEX public.orders_created_idx",
            "ALTER TABLE public.orders ALTER COLUMN status SET DEFAULT 'pending'",
            "ALTER TABLE public.orders ALTER COLUMN amount TYPE numeric(14,2)",
            "DROP TABLE public.scratch")
        let report = try await Self.check(database)
        #expect(report.drifted)
        #expect(report.baseline == baseline)
        let kinds = Dictionary(uniqueKeysWithValues: report.differences.map { ($0.object, $0.kind) })
        #expect(kinds == [
            "public.orders.note": .columnAdded,
            "public.orders_created_idx": .indexDropped,
            "public.orders.status": .columnDefaultChanged,
            "public.orders.amount": .columnTypeChanged,
            "public.scratch": .tableDropped,
        ])
        let byObject = Dictionary(uniqueKeysWithValues: report.differences.map { ($0.object, $0) })
        #expect(byObject["public.orders.note"]?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" ADD COLUMN "note" text"#])
        #expect(byObject["public.orders_created_idx"]?.ddl.map(\.text) == [#"DROP INDEX "public"."orders_created_idx""#])
        #expect(byObject["public.orders.status"]?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" ALTER COLUMN "status" SET DEFAULT 'pending'::text"#])
        #expect(byObject["public.orders.amount"]?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" ALTER COLUMN "amount" TYPE numeric(14,2)"#])
        #expect(byObject["public.scratch"]?.ddl.map(\.text) == [#"DROP TABLE "public"."scratch""#])

        // Replayed on the copy, the DDL gives the live catalog.
        let copyConfig = database.cluster.connectionConfig(database: copy.name)
        try await Session.with(copyConfig) { session in
            for statement in report.differences.flatMap(\.ddl) { try await session.execute(statement) }
        }
        let replayed = try await DriftDetector.check(live: try await Self.discover(copyConfig), config: copyConfig)
        #expect(replayed.liveFingerprint == report.liveFingerprint)

        // The revert DDL brings the live database back to the baseline.
        try await database.execute(report.differences.reversed().flatMap(\.revert))
        let reverted = try await Self.check(database)
        #expect(!reverted.drifted, "\(reverted.differences.map(\.summary))")
    }

    @Test("captured DDL says who changed what, from which client, with which statement")
    func attributionFromTheEventTrigger() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        let alice = try await Self.createRole(database, prefix: "alice")
        try await database.execute("ALTER TABLE public.orders OWNER TO \(alice)")
        try await Session.with(database.config) { try await DDLCapture.install(on: $0) }
        // Keel's own DDL before the baseline is logged but is not drift.
        try await database.execute("CREATE INDEX orders_status_idx ON public.orders (status)")
        try await Self.recordBaseline(database)
        #expect(try await !Self.check(database).drifted)

        try await database.psql(["-c", "SET SESSION AUTHORIZATION \(alice.name)", "-c", "ALTER TABLE public.orders ADD COLUMN note text",
                                 "-c", "DROP INDEX public.orders_created_idx"])
        try await database.psql(["-c", "SET ROLE \(alice.name)", "-c", "ALTER TABLE public.orders ALTER COLUMN status SET DEFAULT 'pending'"])
        let report = try await Self.check(database)
        #expect(report.captureInstalled)
        let byObject = Dictionary(uniqueKeysWithValues: report.differences.map { ($0.object, $0) })
        #expect(byObject.count == 3)

        let added = try #require(byObject["public.orders.note"]?.capturedBy)
        #expect(added.count == 1)
        #expect(added.first?.sessionUser == alice.name && added.first?.currentUser == alice.name)
        #expect(added.first?.application == "psql")
        #expect(added.first?.commandTag == "ALTER TABLE")
        #expect(added.first?.statement == "ALTER TABLE public.orders ADD COLUMN note text")

        let dropped = try #require(byObject["public.orders_created_idx"]?.capturedBy)
        #expect(dropped.map(\.commandTag) == ["DROP INDEX"])
        #expect(dropped.first?.objectIdentity == "public.orders_created_idx")

        // SET ROLE: the login role is the superuser, the acting role alice; only the statement that changed the default.
        let changed = try #require(byObject["public.orders.status"]?.capturedBy)
        #expect(changed.count == 1)
        #expect(changed.first?.sessionUser == ManagedCluster.superuser && changed.first?.currentUser == alice.name)
        #expect(changed.first?.statement?.contains("SET DEFAULT 'pending'") == true)
        try await Self.dropRole(database, alice)
    }

    @Test func keelsOwnSchemaIsNeverReported() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        try await Self.recordBaseline(database)
        // Everything Keel keeps in its schema changes after the baseline.
        try await Session.with(database.config) { try await DDLCapture.install(on: $0) }
        try await database.execute("CREATE TABLE keel.migrations (id bigint PRIMARY KEY, step text)",
                                   "CREATE INDEX ON keel.migrations (step)", "CREATE VIEW keel.recent AS SELECT 1 AS one")
        try await Self.recordBaseline(database)
        try await database.execute("ALTER TABLE keel.migrations ADD COLUMN note text", "DROP VIEW keel.recent")
        let report = try await Self.check(database)
        #expect(!report.drifted, "\(report.differences.map(\.summary))")
        // The stored catalog has no keel schema either.
        let stored = try #require(try await CatalogBaseline.latest(config: database.config))
        #expect(!stored.catalog.tables.contains { $0.schema.name == "keel" })
        #expect(!stored.catalog.schemas.contains { $0.name.name == "keel" })
    }

    @Test func theNewestBaselineCounts() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        let first = try await Self.recordBaseline(database, operatorName: "alice")
        try await database.execute("ALTER TABLE public.scratch ADD COLUMN extra int")
        #expect(try await Self.check(database).differences.map(\.kind) == [.columnAdded])
        // Accepting the change by hand.
        let second = try await Self.recordBaseline(database, operatorName: "bob")
        #expect(second.id > first.id)
        let report = try await Self.check(database)
        #expect(!report.drifted)
        #expect(report.baseline.recordedBy == "bob")
        #expect(report.baseline.migrationID == nil)
    }

    @Test func noBaselineIsAnError() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        await #expect { try await Self.check(database) } throws: { ($0 as? MonitorError)?.code == "drift.no-baseline" }
        // Reading does not create the keel schema.
        let catalog = try await Self.discover(database.config)
        #expect(!catalog.schemas.contains { $0.name.name == "keel" })
    }

    @Test("installing capture needs a superuser, and a refusal changes nothing")
    func captureNeedsASuperuser() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        let before = try await Self.discover(database.config).fingerprint
        let bob = try await Self.createRole(database, prefix: "bob", password: "bob-secret")
        var config = database.config
        config.user = bob.name
        config.password = Password("bob-secret")
        await #expect { try await Session.with(config) { try await DDLCapture.install(on: $0) } } throws: {
            ($0 as? MonitorError)?.code == "drift.not-superuser"
        }
        await #expect { try await Session.with(config) { try await DDLCapture.uninstall(on: $0) } } throws: {
            ($0 as? MonitorError)?.code == "drift.not-superuser"
        }
        #expect(try await Self.discover(database.config).fingerprint == before)
        try await Self.dropRole(database, bob)
    }

    @Test("capture never blocks DDL, and uninstalling keeps the log")
    func captureNeverBlocksDDL() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        try await Session.with(database.config) { session in
            try await DDLCapture.install(on: session)
            // Installing twice is fine.
            try await DDLCapture.install(on: session)
            #expect(try await DDLCapture.isInstalled(on: session))
        }
        try await database.execute("ALTER TABLE public.scratch ADD COLUMN a int")
        try await Session.with(database.config) { session in
            let logged = try await DDLCapture.entries(after: .distantPast, on: session)
            #expect(logged.map(\.objectIdentity) == ["public.scratch"])
            #expect(try await DDLCapture.uninstall(on: session))
            #expect(try await !DDLCapture.isInstalled(on: session))
            #expect(try await !DDLCapture.uninstall(on: session))
            #expect(try await DDLCapture.entries(after: .distantPast, on: session).count == 1)
            try await DDLCapture.install(on: session)
            // The log is gone, but DDL still runs (the trigger only warns).
            try await session.execute("DROP TABLE keel.ddl_log")
            try await session.execute("ALTER TABLE public.scratch ADD COLUMN b int")
        }
        let catalog = try await Self.discover(database.config)
        #expect(catalog.tables.first { $0.name.name == "scratch" }?.column(named: "b") != nil)
    }
}
