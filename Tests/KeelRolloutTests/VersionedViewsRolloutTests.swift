import Foundation
import KeelCore
import KeelPostgres
import KeelRollout
import KeelTestSupport
import PostgresNIO
import Testing

/// Blue/green through the billing rollout: both versions' views, old and new application
/// versions writing side by side, the cutover of new sessions, the contract and every rollback.
@Suite("Versioned views in rollout", .postgres, .tags(.postgres))
struct VersionedViewsRolloutTests {
    static func text(_ session: Session, _ sql: SQL) async throws -> String? {
        try await session.one(sql) { try $0.decode(String?.self) }
    }

    static func text(_ database: TestDatabase, _ sql: SQL) async throws -> String? {
        try await Session.with(database.config) { try await text($0, sql) }
    }

    /// `name type, …` of a relation's columns, as an application on `searchPath` sees `invoices`.
    static func shape(_ database: TestDatabase, searchPath: String? = nil) async throws -> String? {
        try await Session.with(database.config) { session in
            if let searchPath { try await session.execute("SELECT set_config('search_path', \(literal: searchPath), false)") }
            return try await text(session, """
                SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute
                WHERE attrelid = 'invoices'::regclass AND attnum > 0 AND NOT attisdropped
                """)
        }
    }

    /// The database's own default search_path (`pg_db_role_setting`), nil when none is set.
    static let databaseSetting: SQL = """
        SELECT (SELECT s FROM pg_db_role_setting d CROSS JOIN LATERAL unnest(d.setconfig) AS s
        WHERE d.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND d.setrole = 0 AND s LIKE 'search_path=%')
        """

    static let versionSchemas: SQL = "SELECT count(*) FROM pg_namespace WHERE nspname ~ '^public_v[0-9]+$'"

    static let oldShape = "id bigint, customer_id bigint, subscription_id bigint, amount integer, currency character(3), status text, "
        + "issued_at timestamp with time zone, due_at timestamp with time zone, paid_at timestamp with time zone"
    static let newShape = "id bigint, customer_id bigint, subscription_id bigint, amount numeric(12,2), currency character(3), status text, "
        + "issued_at timestamp with time zone, due_at timestamp with time zone, paid_at timestamp with time zone, discount_amount numeric(12,2), amount_decimal numeric(12,2)"

    @Test("expand publishes v1 and v2; old and new writers land in both columns; the cutover moves new sessions; rollback restores everything")
    func transitionAndRollback() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        // A default the cutover must give back exactly.
        try await database.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = public, analytics', current_database()); END $$")
        let settingBefore = try await Self.text(database, Self.databaseSetting)
        #expect(settingBefore == "search_path=public, analytics")
        let original = try await RolloutFixtures.columns(database)
        let plan = try RolloutFixtures.billingPlan()
        let executor = RolloutExecutor(config: database.config, options: RolloutFixtures.options())

        let outcome = try await executor.advance(.start, plan: plan)
        #expect(outcome.ran == ["expand.1", "expand.2", "expand.3", "expand.4", "expand.5"])
        #expect(try await Self.shape(database, searchPath: "public_v1, public") == Self.oldShape)
        #expect(try await Self.shape(database, searchPath: "public_v2, public") == Self.newShape)
        // security_invoker on both (the managed cluster is PostgreSQL 15+).
        #expect(try await RolloutFixtures.int(database, """
            SELECT count(*) FROM pg_class WHERE relname = 'invoices' AND relkind = 'v'
              AND relnamespace IN ('public_v1'::regnamespace, 'public_v2'::regnamespace) AND 'security_invoker=true' = ANY (reloptions)
            """) == 2)
        // Auto-updatable: PostgreSQL says both views take inserts and updates.
        #expect(try await RolloutFixtures.int(database, """
            SELECT count(*) FROM information_schema.views WHERE table_name = 'invoices' AND table_schema IN ('public_v1', 'public_v2')
              AND is_insertable_into = 'YES' AND is_updatable = 'YES'
            """) == 2)

        _ = try await executor.advance(.next, plan: plan)
        _ = try await executor.advance(.next, plan: plan)

        // An old application version writes the old shape, a new one the new shape, at the same time.
        let oldID = try await Session.with(database.config) { old in
            try await old.execute("SET search_path = public_v1, public")
            return try await RolloutFixtures.int(old, "INSERT INTO invoices (customer_id, amount, status, issued_at) VALUES (1, 1234, 'open', now()) RETURNING id")
        }
        let newID = try await Session.with(database.config) { new in
            try await new.execute("SET search_path = public_v2, public")
            let id = try await RolloutFixtures.int(new, """
                INSERT INTO invoices (customer_id, amount, discount_amount, status, issued_at) VALUES (1, 99.60, 5, 'open', now()) RETURNING id
                """)
            // The new version reads the old version's row in its own shape.
            #expect(try await Self.text(new, "SELECT amount::text FROM invoices WHERE id = \(literal: Int(oldID))") == "1234.00")
            try await new.execute("UPDATE invoices SET amount = 10.40 WHERE id = \(literal: Int(oldID))")
            return id
        }
        #expect(try await Self.text(database, "SELECT amount || ' ' || amount_decimal || ' ' || discount_amount FROM public.invoices WHERE id = \(literal: Int(oldID))") == "10 10.40 0.00")
        #expect(try await Self.text(database, "SELECT amount || ' ' || amount_decimal || ' ' || discount_amount FROM public.invoices WHERE id = \(literal: Int(newID))") == "100 99.60 5.00")

        // Before the cutover a new session sees the table itself; after it, the new version.
        #expect(try await Self.shape(database)?.contains("amount integer") == true)
        let consumers = try await executor.advance(.next, plan: plan)
        #expect(consumers.completedPhase == .migrateConsumers && consumers.ran.last == "migrate-consumers.4")
        #expect(try await Self.shape(database) == Self.newShape)
        #expect(try await Self.text(database, Self.databaseSetting) != settingBefore)
        // The versions go in front of the path new sessions had: analytics stays in it.
        let settingAfter = try await Self.text(database, Self.databaseSetting) ?? ""
        #expect(settingAfter.contains("public_v2") && settingAfter.hasSuffix("public, analytics"), "\(settingAfter)")
        // An old version that pins its search_path keeps its shape after the cutover.
        #expect(try await Self.shape(database, searchPath: "public_v1, public") == Self.oldShape)

        let back = try await executor.rollback(plan)
        #expect(back.status == .rolledBack)
        #expect(back.undone.first == "migrate-consumers.4" && back.undone.suffix(2) == ["expand.2", "expand.1"])
        #expect(try await Self.text(database, Self.databaseSetting) == settingBefore)
        #expect(try await RolloutFixtures.int(database, Self.versionSchemas) == 0)
        #expect(try await RolloutFixtures.columns(database) == original)
    }

    @Test("the contract retires v1 and leaves v2 working; a rollback after it brings back v1 and the column with NOT NULL and its default")
    func contractAndRestore() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        try await database.execute("ALTER TABLE invoices ALTER COLUMN amount SET DEFAULT 0")
        let original = try await RolloutFixtures.columns(database)
        let sumBefore = try await RolloutFixtures.int(database, "SELECT sum(amount)::bigint FROM invoices")
        let plan = try RolloutFixtures.billingPlan()
        var options = RolloutFixtures.options()
        options.lineage = try RolloutFixtures.movedLineage(plan)
        let executor = RolloutExecutor(config: database.config, options: options)
        _ = try await executor.advance(.start, plan: plan)
        #expect(try await executor.advance(.complete, plan: plan).status == .completed)

        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'public_v1'") == 0)
        // A new session lands on v2 (the cutover), which still reads and writes the table.
        try await Session.with(database.config) { session in
            #expect(try await RolloutFixtures.int(session, "SELECT sum(amount)::bigint FROM invoices") == sumBefore)
            try await session.execute("INSERT INTO invoices (customer_id, amount, status, issued_at) VALUES (1, 12.40, 'open', now())")
        }
        #expect(try await Self.shape(database) == Self.newShape)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM public.invoices WHERE amount_decimal = 12.40") == 1)

        // The row written after the contract has no old amount: rollback says so, with v1 back already.
        #expect(await RolloutExecutorTests.code { _ = try await executor.rollback(plan) } == "rollout.restore-incomplete")
        #expect(try await Self.shape(database, searchPath: "public_v1, public") == Self.oldShape)
        try await database.execute("UPDATE public.invoices SET amount = round(amount_decimal)::integer WHERE amount IS NULL")
        #expect(try await executor.rollback(plan).status == .rolledBack)

        #expect(try await RolloutFixtures.columns(database) == original)
        #expect(try await Self.text(database, """
            SELECT attnotnull::text || ' ' || pg_get_expr(adbin, adrelid) FROM pg_attribute
            LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum WHERE attrelid = 'public.invoices'::regclass AND attname = 'amount'
            """) == "true 0")
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'keel_restore_%'") == 0)
        #expect(try await RolloutFixtures.int(database, Self.versionSchemas) == 0)
        #expect(try await Self.text(database, Self.databaseSetting) == nil)
    }
}
