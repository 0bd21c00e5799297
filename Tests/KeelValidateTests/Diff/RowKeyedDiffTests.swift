import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import KeelValidate
import PostgresNIO
import Testing

/// DataDiff on an open session (inside the caller's transaction) and keyed by the whole row.
@Suite(.postgres, .tags(.postgres)) struct RowKeyedDiffTests {
    @Test("whole rows compare as multisets, numbers as numeric; the report names the real tables")
    func multisets() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE a (k text, n integer)", "CREATE TABLE b (k text, n numeric(8,2), extra int)",
                             "INSERT INTO a VALUES ('x', 1), ('x', 1), ('y', 2), ('z', NULL)",
                             "INSERT INTO b VALUES ('x', 1.00, 0), ('y', 2, 0), ('y', 2, 0), ('z', NULL, 0)")
        let report = try await Session.with(db.config) { session in
            try await session.execute("BEGIN")
            let report = try await DataDiff(options: .init(key: [])).diffRows(try DiffFixtures.table("a"), try DiffFixtures.table("b"), on: session)
            try await session.execute("ROLLBACK")
            return report
        }
        #expect(report.counts == DiffReport.Counts(identical: 3, modified: 0, added: 1, removed: 1, nonuniquePK: 0))
        #expect(report.a.table.display == "public.a" && report.b.table.display == "public.b")
        #expect(report.columnsOnlyInB.map(\.name) == ["extra"])
        #expect(report.samples.contains { $0.status == .removed && $0.key.first == "(x,1)" })
        #expect(report.samples.contains { $0.status == .added && $0.key.first == "(y,2)" })
    }

    @Test("inside an open transaction: sees uncommitted tables, and a failing diff leaves the transaction usable")
    func openTransaction() async throws {
        let db = try #require(TestDatabase.current)
        try await Session.with(db.config) { session in
            try await session.execute("BEGIN")
            try await session.execute("CREATE TABLE a AS SELECT g AS id, g * 2 AS v FROM generate_series(1, 100) g")
            try await session.execute("CREATE TABLE b AS SELECT g AS id, CASE WHEN g = 50 THEN 0 ELSE g * 2 END AS v FROM generate_series(1, 100) g")
            let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id")))
                .diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), on: session)
            #expect(report.counts == DiffReport.Counts(identical: 99, modified: 1, added: 0, removed: 0, nonuniquePK: 0))
            #expect(report.a.rows == 100 && report.b.rows == 100)
            await #expect(throws: DiffError.self) {
                try await DataDiff(options: .init(key: try DiffFixtures.key("id"))).diff(try DiffFixtures.table("a"), try DiffFixtures.table("missing"), on: session)
            }
            let rows = try await session.one("SELECT count(*) FROM a") { try $0.decode(Int64.self) }
            #expect(rows == 100)
            try await session.execute("ROLLBACK")
        }
    }
}
