import Foundation
import KeelCore
import KeelPlan
import KeelPostgres
@testable import KeelRollout
import KeelTestSupport
import PostgresNIO
import Testing

/// The backfill of a table without a single-column primary key walks heap pages (ctid ranges):
/// resumable from its page cursor, and complete while rows are inserted and moved.
@Suite("Backfill by heap page", .postgres, .tags(.postgres))
struct PageBackfillTests {
    /// The billing plan as if invoices had no primary key.
    static func plan(batchSize: Int) throws -> MigrationPlan {
        var catalog = try Catalog.read(from: URL(fileURLWithPath: RolloutFixtures.billingProject + "/catalog.json"))
        let index = try #require(catalog.tables.firstIndex { $0.qualifiedName.display == "public.invoices" })
        catalog.tables[index].constraints.removeAll { $0.kind == .primaryKey }
        var options = PlannerOptions()
        options.batchSize = batchSize
        return try Planner(catalog: catalog, options: options).plan(try ChangeSpecLoader.load(path: BillingFiles.changeSpec))
    }

    @Test("interrupted mid-way, resumed from its page cursor, and exact under concurrent inserts and updates")
    func resumesUnderWrites() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database, scale: "0.05")
        try await database.execute("ALTER TABLE invoices DROP CONSTRAINT invoices_pkey CASCADE")
        let original = try await RolloutFixtures.int(database, "SELECT count(*) FROM public.invoices")
        let plan = try Self.plan(batchSize: 200)
        let backfill = try #require(plan.phase(.backfill)?.steps.first?.backfill)
        #expect(backfill.key.name == "ctid" && backfill.walksPages)

        var options = RolloutFixtures.options()
        options.maxRowsPerSecond = 2000
        options.maxBatchSize = 200
        let executor = RolloutExecutor(config: database.config, options: options)
        _ = try await executor.advance(.start, plan: plan)

        // Writers throughout: new rows (the trigger fills them) and updates that move old rows to other pages.
        let config = database.config
        let writer = Task { () -> Int in
            try await Session.with(config) { session in
                var writes = 0
                while !Task.isCancelled {
                    try await session.execute("""
                        INSERT INTO public.invoices (customer_id, amount, status, issued_at) VALUES (1, \(literal: writes % 900 + 1), 'open', now())
                        """)
                    try await session.execute("UPDATE public.invoices SET due_at = now() WHERE id = \(literal: writes * 37 % Int(original) + 1)")
                    writes += 1
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return writes
            }
        }

        let task = Task { try await executor.advance(.next, plan: plan) }
        for _ in 0..<800 {
            try await Task.sleep(for: .milliseconds(25))
            if try await RolloutFixtures.int(database, "SELECT coalesce(max(rows_done), 0) FROM keel.backfill_cursors") >= 2000 { break }
        }
        task.cancel()
        _ = await task.result
        let partial = try await RolloutFixtures.int(database, "SELECT rows_done FROM keel.backfill_cursors")
        #expect(partial >= 2000 && partial < original)
        let cursor = try await Session.with(database.config) { session in
            try await session.one("SELECT last_key FROM keel.backfill_cursors") { try $0.decode(String?.self) }
        }
        #expect(cursor?.hasSuffix(",65535)") == true, "the cursor is the last page done: \(cursor ?? "nil")")

        options.maxRowsPerSecond = nil
        let outcome = try await RolloutExecutor(config: database.config, options: options).advance(.next, plan: plan)
        #expect(outcome.ran == ["backfill.1"])
        writer.cancel()
        let writes = try await writer.value
        #expect(writes > 0)

        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM public.invoices") == original + Int64(writes))
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM public.invoices WHERE amount_decimal IS DISTINCT FROM amount::numeric(12,2)") == 0)
        #expect(try await RolloutFixtures.int(database, backfill.remaining) == 0)
        // Every original row was filled exactly once over both runs; new rows came through the trigger.
        #expect(try await RolloutFixtures.int(database, "SELECT rows_done FROM keel.backfill_cursors") == original)
    }

    @Test("a page pass covers the pages that exist when it starts; an empty table has none")
    func pageRange() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute("CREATE TABLE heap (v integer)")
        let table = try QualifiedName(schema: "public", name: "heap")
        let backfill = MigrationPlan.Backfill(table: table, key: try Identifier("ctid"), keyType: "tid", batchSize: 10,
                                              batch: "SELECT 1", remaining: "SELECT 0")
        try await Session.with(database.config) { session in
            #expect(try await BackfillRange.snapshot(backfill, session: session).upperBound == nil)
            try await session.execute("INSERT INTO heap SELECT generate_series(1, 1000)")
            let pages = try await RolloutFixtures.int(session, "SELECT pg_relation_size('heap') / 8192")
            let range = try await BackfillRange.snapshot(backfill, session: session)
            #expect(range.upperBound == "(\(pages),0)")
            try await session.execute("INSERT INTO heap SELECT generate_series(1, 1000)")
            try await session.execute("BEGIN")
            #expect(try await range.beginBatch(backfill, after: "(\(pages - 1),65535)", lockTimeout: "500ms", statementTimeout: "1000ms", session: session) == false)
            #expect(try await range.beginBatch(backfill, after: "(\(pages - 2),65535)", lockTimeout: "500ms", statementTimeout: "1000ms", session: session))
            try await session.execute("ROLLBACK")
        }
    }
}
