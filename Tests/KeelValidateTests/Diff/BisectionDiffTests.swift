import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import KeelValidate
import Testing

@Suite(.postgres, .tags(.postgres)) struct BisectionDiffTests {
    /// 20,000 rows in A; B changes 20 of them, drops 5 and adds 5, in a second database.
    private func prepare(_ a: ConnectionConfig, _ b: ConnectionConfig, key: SQL = "id bigint PRIMARY KEY") async throws {
        try await DiffFixtures.execute(a,
            "CREATE TABLE t (\(key), name text, amount numeric(12,2), at timestamptz)",
            "INSERT INTO t SELECT g, 'n' || g, g * 1.5, timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 20000) g")
        try await DiffFixtures.execute(b,
            "CREATE TABLE t (\(key), name text, amount numeric(12,2), at timestamptz)",
            "INSERT INTO t SELECT g, 'n' || g, g * 1.5, timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 20000) g",
            "UPDATE t SET amount = amount + 1 WHERE id % 1000 = 0",
            "DELETE FROM t WHERE id IN (7, 7007, 12345, 15000, 19999)",
            "INSERT INTO t SELECT g, 'new', 0, NULL FROM generate_series(20001, 20005) g")
    }

    @Test func findsEveryDifferenceAcrossTwoDatabases() async throws {
        let db = try #require(TestDatabase.current)
        try await DiffFixtures.withSecondDatabase { other in
            try await prepare(db.config, other)
            let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id"), segmentFactor: 8, downloadThreshold: 300))
                .diff(try DiffFixtures.table("t"), in: db.config, try DiffFixtures.table("t"), in: other)
            #expect(report.algorithm == .bisection)
            // id 15000 is both changed and deleted.
            #expect(report.counts == DiffReport.Counts(identical: 19976, modified: 19, added: 5, removed: 5, nonuniquePK: 0))
            #expect(report.a.rows == 20000 && report.b.rows == 20000)
            let stats = try #require(report.bisection)
            #expect(stats.maxDepth >= 2)
            #expect(stats.rowsDownloaded < 20000, "bisection should not download everything: \(stats)")
            #expect(report.columnResults.first { $0.column.name == "amount" }?.mismatches == 19)
            let sample = try #require(report.samples.first { $0.status == .modified })
            #expect(sample.changes.map(\.column.name) == ["amount"])
            #expect(report.samples.filter { $0.status == .removed }.map(\.key) == [["7"], ["7007"], ["12345"], ["15000"], ["19999"]])
        }
    }

    @Test func agreesWithTheJoinInOneDatabase() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE a (tenant text, id int, v numeric, w text, PRIMARY KEY (tenant, id))",
            "INSERT INTO a SELECT chr(65 + g % 3), g, g, md5(g::text) FROM generate_series(1, 3000) g",
            "CREATE TABLE b (tenant varchar(5), id bigint, v integer, w text, PRIMARY KEY (tenant, id))",
            "INSERT INTO b SELECT tenant, id, v::integer, w FROM a WHERE id % 500 <> 0",
            "UPDATE b SET w = 'changed' WHERE id % 301 = 0",
            "INSERT INTO b VALUES ('Z', 1, 1, 'x'), ('a', 2, 2, 'y')")
        let options = DataDiff.Options(key: try DiffFixtures.key("tenant", "id"), segmentFactor: 4, downloadThreshold: 50)
        let joined = try await DataDiff(options: options).diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        var bisect = options
        bisect.algorithm = .bisection
        let bisected = try await DataDiff(options: bisect).diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        #expect(joined.counts == DiffReport.Counts(identical: 2985, modified: 9, added: 2, removed: 6, nonuniquePK: 0))
        #expect(bisected.counts == joined.counts)
        #expect(bisected.columnResults.map(\.mismatches) == joined.columnResults.map(\.mismatches))
    }

    @Test func identicalTablesNeedOneChecksumEach() async throws {
        let db = try #require(TestDatabase.current)
        try await DiffFixtures.withSecondDatabase { other in
            try await DiffFixtures.execute(db.config, "CREATE TABLE t AS SELECT g AS id, g::numeric(10,2) AS v FROM generate_series(1, 5000) g")
            try await DiffFixtures.execute(other, "CREATE TABLE t AS SELECT g::bigint AS id, g AS v FROM generate_series(1, 5000) g")
            let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id")))
                .diff(try DiffFixtures.table("t"), in: db.config, try DiffFixtures.table("t"), in: other)
            #expect(!report.hasDifferences)
            #expect(report.counts.identical == 5000)
            #expect(report.bisection == DiffReport.BisectionStats(segmentsChecked: 1, segmentsDownloaded: 0, rowsDownloaded: 0, maxDepth: 0))
        }
    }

    @Test func nonuniqueKeysAcrossDatabases() async throws {
        let db = try #require(TestDatabase.current)
        try await DiffFixtures.withSecondDatabase { other in
            try await DiffFixtures.execute(db.config, "CREATE TABLE t (id int, v text)",
                                           "INSERT INTO t VALUES (1, 'x'), (1, 'y'), (2, 'z'), (3, 'w'), (NULL, 'n'), (4, 'same')")
            try await DiffFixtures.execute(other, "CREATE TABLE t (id int, v text)",
                                           "INSERT INTO t VALUES (1, 'x'), (2, 'z'), (2, 'z2'), (3, 'W'), (4, 'same')")
            let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id")))
                .diff(try DiffFixtures.table("t"), in: db.config, try DiffFixtures.table("t"), in: other)
            #expect(report.counts == DiffReport.Counts(identical: 1, modified: 1, added: 0, removed: 0, nonuniquePK: 7))
            #expect(report.a.rows == 6 && report.b.rows == 5)
        }
    }

    @Test func limitStopsEarly() async throws {
        let db = try #require(TestDatabase.current)
        try await DiffFixtures.withSecondDatabase { other in
            try await DiffFixtures.execute(db.config, "CREATE TABLE t AS SELECT g AS id, g AS v FROM generate_series(1, 5000) g")
            try await DiffFixtures.execute(other, "CREATE TABLE t AS SELECT g AS id, -g AS v FROM generate_series(1, 5000) g")
            let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id"), limit: 25))
                .diff(try DiffFixtures.table("t"), in: db.config, try DiffFixtures.table("t"), in: other)
            #expect(!report.complete)
            #expect(report.counts.modified == 25)
            #expect(report.counts.identical == nil)
        }
    }
}
