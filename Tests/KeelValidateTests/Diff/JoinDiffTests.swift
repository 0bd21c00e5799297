import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import KeelValidate
import Testing

@Suite(.postgres, .tags(.postgres)) struct JoinDiffTests {
    @Test func reportsEveryStatusWithSamplesAndColumnRates() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(DiffFixtures.statusTables)
        let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id")))
            .diff(try DiffFixtures.table("a"), try DiffFixtures.table("public.b"), in: db.config)
        #expect(report.algorithm == .join)
        #expect(report.complete)
        #expect(report.counts == DiffReport.Counts(identical: 3, modified: 2, added: 1, removed: 1, nonuniquePK: 0))
        #expect(report.a.rows == 6 && report.b.rows == 6)
        #expect(report.columns.map(\.name) == ["name", "amount"])
        let amount = try #require(report.columnResults.first { $0.column.name == "amount" })
        #expect(amount.mismatches == 1 && amount.compared == 5 && amount.matchRate == 0.8)
        let modified = report.samples.filter { $0.status == .modified }
        #expect(modified.map(\.key) == [["3"], ["4"]] || modified.map(\.key) == [["4"], ["3"]])
        let three = try #require(modified.first { $0.key == ["3"] })
        #expect(three.changes == [DiffReport.ValueChange(column: try Identifier("amount"), a: "3.00", b: "3.50")])
        #expect(report.samples.contains { $0.status == .added && $0.key == ["7"] })
        #expect(report.samples.contains { $0.status == .removed && $0.key == ["1"] })
        #expect(report.hasDifferences)
    }

    @Test func identicalTablesHaveNoDifferences() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE a AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 1000) g",
                             "CREATE TABLE b AS SELECT * FROM a")
        let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id")))
            .diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        #expect(!report.hasDifferences)
        #expect(report.counts.identical == 1000)
        #expect(report.columnResults.map(\.matchRate) == [1])
        #expect(report.samples.isEmpty)
    }

    @Test func equalNumbersOfDifferentTypesAreIdentical() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE a (id int PRIMARY KEY, qty integer, price numeric(10,2), ratio real)",
            "CREATE TABLE b (id bigint PRIMARY KEY, qty numeric(12,4), price double precision, ratio numeric)",
            "INSERT INTO a VALUES (1, 5, 5.00, 0.5), (2, 7, 1.10, 0.25)",
            "INSERT INTO b VALUES (1, 5.0000, 5, 0.50), (2, 7.5, 1.1, 0.25)")
        let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id")))
            .diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        #expect(report.counts == DiffReport.Counts(identical: 1, modified: 1, added: 0, removed: 0, nonuniquePK: 0))
        #expect(report.columnResults.map(\.mismatches) == [1, 0, 0])
        #expect(report.columnResults[0].typeA == "integer" && report.columnResults[0].typeB == "numeric(12,4)")
    }

    @Test func compositeKeysMatchOnEveryColumn() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE a (tenant text, id int, v int, PRIMARY KEY (tenant, id))",
            "CREATE TABLE b (tenant text, id int, v int, PRIMARY KEY (tenant, id))",
            "INSERT INTO a VALUES ('x', 1, 1), ('x', 2, 2), ('y', 1, 3)",
            "INSERT INTO b VALUES ('x', 1, 1), ('y', 1, 30), ('y', 2, 4)")
        let report = try await DataDiff(options: .init(key: try DiffFixtures.key("tenant", "id")))
            .diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        #expect(report.counts == DiffReport.Counts(identical: 1, modified: 1, added: 1, removed: 1, nonuniquePK: 0))
        #expect(report.samples.contains { $0.status == .modified && $0.key == ["y", "1"] })
        #expect(report.samples.contains { $0.status == .removed && $0.key == ["x", "2"] })
        #expect(report.samples.contains { $0.status == .added && $0.key == ["y", "2"] })
    }

    @Test func repeatedAndNullKeysAreNonunique() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE a (id int, v text)", "CREATE TABLE b (id int, v text)",
            "INSERT INTO a VALUES (1, 'x'), (1, 'y'), (2, 'z'), (3, 'w'), (NULL, 'n'), (4, 'same')",
            "INSERT INTO b VALUES (1, 'x'), (2, 'z'), (2, 'z2'), (3, 'W'), (4, 'same')")
        let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id")))
            .diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        // Keys 1 and 2 repeat on one side; NULL never matches: A rows 1,1,2,NULL; B rows 1,2,2.
        #expect(report.counts == DiffReport.Counts(identical: 1, modified: 1, added: 0, removed: 0, nonuniquePK: 7))
        #expect(report.a.nonuniqueRows == 4 && report.b.nonuniqueRows == 3)
        let nonunique = report.samples.filter { $0.status == .nonuniquePK }
        #expect(Set(nonunique.map(\.key)) == [["1"], ["2"], [nil]])
        #expect(nonunique.first { $0.key == ["1"] }?.rowsInA == 2)
    }

    @Test func columnsLimitsTheComparison() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(DiffFixtures.statusTables)
        let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id"), columns: try DiffFixtures.key("amount")))
            .diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        #expect(report.columns.map(\.name) == ["amount"])
        #expect(report.counts.modified == 1)
        #expect(report.counts.identical == 4)
    }

    @Test func columnsOnOneSideAreListedNotCompared() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE a (id int PRIMARY KEY, v int, old int)", "CREATE TABLE b (id int PRIMARY KEY, v int, new int)",
                             "INSERT INTO a VALUES (1, 1, 9)", "INSERT INTO b VALUES (1, 1, 8)")
        let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id")))
            .diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        #expect(report.columnsOnlyInA.map(\.name) == ["old"] && report.columnsOnlyInB.map(\.name) == ["new"])
        #expect(!report.hasDifferences)
    }

    @Test func limitStopsEarly() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE a AS SELECT g AS id, g AS v FROM generate_series(1, 5000) g",
                             "CREATE TABLE b AS SELECT id, v + 1 AS v FROM a", "ALTER TABLE a ADD PRIMARY KEY (id)",
                             "ALTER TABLE b ADD PRIMARY KEY (id)")
        let report = try await DataDiff(options: .init(key: try DiffFixtures.key("id"), limit: 10, sampleLimit: 3))
            .diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config)
        #expect(!report.complete)
        #expect(report.limit == 10)
        #expect(report.counts.modified == 10)
        #expect(report.counts.identical == nil)
        #expect(report.samples.count == 3)
    }

    @Test func hostileNamesAreQuoted() async throws {
        let db = try #require(TestDatabase.current)
        for name in EvilNames.all {
            let table = try Identifier(String(name.prefix(60)))
            let column = try Identifier(name)
            let other = try QualifiedName(schema: "public", name: "o_" + String(name.prefix(58)))
            try await db.execute("CREATE TABLE \(table) (\(column) int PRIMARY KEY, \"Value \"\"x\"\"\" text)",
                                 "CREATE TABLE \(other) (\(column) int PRIMARY KEY, \"Value \"\"x\"\"\" text)",
                                 "INSERT INTO \(table) VALUES (1, 'a'), (2, 'b')", "INSERT INTO \(other) VALUES (1, 'a'), (2, 'c')")
            let report = try await DataDiff(options: .init(key: [column]))
                .diff(TableReference(schema: nil, name: table), TableReference(schema: other.schema, name: other.name), in: db.config)
            #expect(report.counts.modified == 1, "\(name)")
            for algorithm in [DataDiff.AlgorithmChoice.bisection] {
                let bisected = try await DataDiff(options: .init(key: [column], algorithm: algorithm, downloadThreshold: 1))
                    .diff(TableReference(schema: nil, name: table), TableReference(schema: other.schema, name: other.name), in: db.config)
                #expect(bisected.counts == report.counts, "\(name)")
            }
            try await db.execute("DROP TABLE \(table)", "DROP TABLE \(other)")
        }
    }
}
