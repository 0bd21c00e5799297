import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import KeelValidate
import Testing

@Suite(.postgres, .tags(.postgres)) struct DiffBadInputTests {
    private func code(_ body: () async throws -> Void) async -> String? {
        do { try await body(); return nil } catch let error as any KeelError { return error.code } catch { return "\(error)" }
    }

    @Test func unknownTable() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE a (id int)")
        let diff = DataDiff(options: .init(key: try DiffFixtures.key("id")))
        #expect(await code { _ = try await diff.diff(try DiffFixtures.table("a"), try DiffFixtures.table("nope"), in: db.config) } == "diff.unknown-table")
        #expect(await code { _ = try await diff.diff(try DiffFixtures.table("nope.a"), try DiffFixtures.table("a"), in: db.config) } == "diff.unknown-table")
    }

    @Test func unknownKeyAndColumn() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE a (id int, v int)", "CREATE TABLE b (id int, w int)")
        let byName = DataDiff(options: .init(key: try DiffFixtures.key("name")))
        #expect(await code { _ = try await byName.diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config) } == "diff.unknown-key-column")
        let byV = DataDiff(options: .init(key: try DiffFixtures.key("id"), columns: try DiffFixtures.key("v")))
        #expect(await code { _ = try await byV.diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config) } == "diff.unknown-column")
        let twice = DataDiff(options: .init(key: try DiffFixtures.key("id"), columns: try DiffFixtures.key("id")))
        #expect(await code { _ = try await twice.diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config) } == "diff.duplicate-column")
    }

    @Test func keysThatDoNotCompare() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE a (id int)", "CREATE TABLE b (id date)")
        let diff = DataDiff(options: .init(key: try DiffFixtures.key("id")))
        #expect(await code { _ = try await diff.diff(try DiffFixtures.table("a"), try DiffFixtures.table("b"), in: db.config) } == "diff.key-type-mismatch")
    }

    @Test func wrongPasswordAndUnreachableHost() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE ROLE diff_user LOGIN PASSWORD 'right'", "CREATE TABLE a (id int)")
        var wrong = db.cluster.connectionConfig(database: db.name, user: "diff_user", password: "wrong")
        wrong.connectTimeoutSeconds = 30  // SCRAM answers a wrong password; a busy machine needs the time
        let diff = DataDiff(options: .init(key: try DiffFixtures.key("id")))
        #expect(await code { _ = try await diff.diff(try DiffFixtures.table("a"), try DiffFixtures.table("a"), in: wrong) } == "postgres.wrong-password")
        let nowhere = ConnectionConfig(endpoint: .tcp(host: "127.0.0.1", port: 1), user: "x", database: "x", sslMode: .disable, connectTimeoutSeconds: 2)
        #expect(await code { _ = try await diff.diff(try DiffFixtures.table("a"), in: db.config, try DiffFixtures.table("a"), in: nowhere) } == "postgres.unreachable")
    }

    @Test func tableNamesParseLikeSQL() throws {
        #expect(try TableReference(parsing: "Orders").description == "orders")
        #expect(try TableReference(parsing: "\"Sales\".\"Q1 \"\"final\"\"\"").name.name == "Q1 \"final\"")
        #expect(try TableReference(parsing: "\"Sales\".\"Q1 \"\"final\"\"\"").schema?.name == "Sales")
        #expect(try TableReference(parsing: "\"a.b\"").name.name == "a.b")
        for bad in ["", "a.", ".a", "a.b.c", "\"open", "\"x\"y"] {
            #expect(throws: DiffError.self, "\(bad)") { try TableReference(parsing: bad) }
        }
        #expect(try ColumnList.parse("Tenant, id,\"Mixed, Case\"").map(\.name) == ["tenant", "id", "Mixed, Case"])
        #expect(throws: DiffError.self) { try ColumnList.parse("a,,b") }
    }
}
