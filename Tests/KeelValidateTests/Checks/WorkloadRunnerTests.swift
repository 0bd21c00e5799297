import Foundation
import KeelCore
import KeelPostgres
import PostgresNIO
import KeelTestSupport
@testable import KeelValidate
import Testing

/// Running consumers in the sandbox: EXPLAIN and EXPLAIN ANALYZE of queries, snapshots of outputs.
@Suite(.postgres, .tags(.postgres)) struct WorkloadRunnerTests {
    static func runner(_ session: Session) throws -> WorkloadRunner {
        WorkloadRunner(session: session, snapshot: try Identifier("keel_baseline"))
    }

    @Test("EXPLAIN ANALYZE measures a query's time and rolls back whatever it wrote")
    func analyzeMeasuresAndRollsBack() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t SELECT g, 0 FROM generate_series(1, 1000) g", "ANALYZE t")
        try await Session.with(db.config) { session in
            try await session.execute("BEGIN")
            let read = Workload.Item(id: "q", kind: .query, statements: ["SELECT v FROM t WHERE id = $1"], parameters: [1: "'7'::int"])
            let plan = try await Self.runner(session).explain(read)
            #expect(plan.nodes.first?.hasPrefix("Index") == true, "\(plan.nodes)")
            #expect(plan.cost > 0)
            #expect((plan.milliseconds ?? -1) >= 0)
            let write = Workload.Item(id: "w", kind: .query, statements: ["UPDATE t SET v = v + 1 RETURNING id"])
            let written = try await Self.runner(session).explain(write)
            #expect(written.milliseconds != nil)
            let total = try await session.one("SELECT sum(v)::int8 FROM t") { try $0.decode(Int64.self) }
            #expect(total == 0)
            try await session.execute("COMMIT")
        }
    }

    @Test("a query that fails to plan throws and leaves the transaction usable")
    func failingQuery() async throws {
        let db = try #require(TestDatabase.current)
        try await Session.with(db.config) { session in
            try await session.execute("BEGIN")
            let broken = Workload.Item(id: "q", kind: .query, statements: ["SELECT missing FROM nowhere"])
            await #expect(throws: (any Error).self) { try await Self.runner(session).explain(broken) }
            let one = try await session.one("SELECT 1") { try $0.decode(Int.self) }
            #expect(one == 1)
            try await session.execute("ROLLBACK")
        }
    }

    @Test("each consumer's output lands in the snapshot schema; a failing one is reported, the others still run")
    func snapshots() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 10), (2, 20)")
        try await Session.with(db.config) { session in
            try await session.execute("BEGIN")
            let workload = Workload(items: [
                .init(id: "broken", kind: .query, statements: ["SELECT nope FROM t"]),
                .init(id: "q", kind: .query, statements: ["SELECT id, v FROM t WHERE v > $1"], parameters: [1: "'15'::int"]),
            ])
            var seen: [String] = []
            let outcome = try await Self.runner(session).run(workload, resetOutputs: false) { item, _ in seen.append(item.id) }
            #expect(seen == ["broken", "q"])
            #expect(outcome.failures.keys.sorted() == ["broken"])
            let table = try WorkloadRunner.snapshotTable("q")
            let rows = try await session.one("SELECT count(*) FROM keel_baseline.\(table)") { try $0.decode(Int64.self) }
            #expect(rows == 1)
            try await session.execute("ROLLBACK")
        }
    }
}
