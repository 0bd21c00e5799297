import Foundation
import KeelCore
import KeelPostgres
@testable import KeelRollout
import KeelTestSupport
import PostgresNIO
import Testing

/// A backfill pass covers the keys that existed when it started, so sustained inserts (already
/// written through the dual-write trigger) cannot keep it running (issue 7).
@Suite("Backfill range", .postgres, .tags(.postgres))
struct BackfillRangeTests {
    @Test("the range ends at the largest key of its snapshot, compared in the key's own type, over hostile names", arguments: EvilNames.all)
    func rangeEndsAtSnapshot(name: String) async throws {
        let database = try #require(TestDatabase.current)
        let table = try QualifiedName(schema: "public", name: name)
        let key = try Identifier(name)
        // 9 < 10 as integers but not as text: the comparison must use the key's type.
        try await database.execute(
            "CREATE TABLE \(table) (\(key) integer PRIMARY KEY)",
            "INSERT INTO \(table) VALUES (1), (9), (10)")
        let backfill = MigrationPlan.Backfill(table: table, key: key, keyType: "integer", batchSize: 10, batch: "SELECT 1", remaining: "SELECT 0")
        try await Session.with(database.config) { session in
            let range = try await BackfillRange.snapshot(backfill, session: session)
            #expect(range.upperBound == "10")
            try await session.execute("INSERT INTO \(table) VALUES (11), (100)")
            func left(after key: String?) async throws -> Bool {
                try await session.execute("BEGIN")
                let result = try await range.beginBatch(backfill, after: key, lockTimeout: "500ms", statementTimeout: "1000ms", session: session)
                try await session.execute("ROLLBACK")
                return result
            }
            #expect(try await left(after: nil))
            #expect(try await left(after: "9"))
            #expect(try await left(after: "10") == false)  // 11 and 100 came after the snapshot
            #expect(try await left(after: "100") == false)
        }
    }

    @Test("text and uuid keys compare as PostgreSQL orders them; an empty table has nothing to do")
    func otherKeyTypes() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(
            "CREATE TABLE words (w text COLLATE \"C\" PRIMARY KEY)",
            "INSERT INTO words VALUES ('B'), ('a'), ('it''s')",
            "CREATE TABLE ids (id uuid PRIMARY KEY)",
            "INSERT INTO ids VALUES ('00000000-0000-0000-0000-000000000001'), ('00000000-0000-0000-0000-00000000000a')",
            "CREATE TABLE empty (id bigint PRIMARY KEY)")
        func backfill(_ table: String, _ key: String) throws -> MigrationPlan.Backfill {
            MigrationPlan.Backfill(table: try QualifiedName(schema: "public", name: table), key: try Identifier(key), keyType: "text",
                                   batchSize: 10, batch: "SELECT 1", remaining: "SELECT 0")
        }
        try await Session.with(database.config) { session in
            func left(_ backfill: MigrationPlan.Backfill, after key: String?) async throws -> Bool {
                let range = try await BackfillRange.snapshot(backfill, session: session)
                try await session.execute("BEGIN")
                let result = try await range.beginBatch(backfill, after: key, lockTimeout: "500ms", statementTimeout: "1000ms", session: session)
                try await session.execute("ROLLBACK")
                return result
            }
            let words = try backfill("words", "w")
            #expect(try await BackfillRange.snapshot(words, session: session).upperBound == "it's")
            #expect(try await left(words, after: "B"))  // 'a' and "it's" sort after 'B' in C
            #expect(try await left(words, after: "it's") == false)
            let ids = try backfill("ids", "id")
            #expect(try await left(ids, after: "00000000-0000-0000-0000-000000000001"))
            #expect(try await left(ids, after: "00000000-0000-0000-0000-00000000000a") == false)
            let empty = try backfill("empty", "id")
            #expect(try await BackfillRange.snapshot(empty, session: session).upperBound == nil)
            #expect(try await left(empty, after: nil) == false)
        }
    }

    @Test("a backfill ends while rows keep being inserted, in one pass, with every row right")
    func endsUnderSustainedInserts() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan(batchSize: 100)
        var options = RolloutFixtures.options()
        options.maxBatchSize = 200
        let executor = RolloutExecutor(config: database.config, options: options)
        _ = try await executor.advance(.start, plan: plan)
        // Four writers inserting old-shape rows back to back (each committed alone) until cancelled,
        // at most ten minutes: a pass that chased the newest key would end only when they stop. The
        // cap is generous because the whole suite shares two cores.
        let writer = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await Session.with(database.config) { session in
                            let started = ContinuousClock.now
                            var inserted = 0
                            while !Task.isCancelled && ContinuousClock.now - started < .seconds(600) {
                                try await session.execute("INSERT INTO invoices (customer_id, amount, status, issued_at) VALUES (1, 42, 'open', now())")
                                inserted += 1
                            }
                            return inserted
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        let outcome = try await executor.advance(.next, plan: plan)
        let atEnd = try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices")
        try await Task.sleep(for: .seconds(2))
        let afterEnd = try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices")
        writer.cancel()
        let inserted = try await writer.value
        #expect(outcome.ran == ["backfill.1"])
        #expect(afterEnd > atEnd, "the writer was still inserting when the backfill ended")
        #expect(inserted > 0)
        #expect(try await RolloutFixtures.int(database, "SELECT passes::bigint FROM keel.backfill_cursors") == 1)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices WHERE amount_decimal IS DISTINCT FROM amount::numeric(12,2)") == 0)
    }
}
