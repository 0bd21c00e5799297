import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

@Suite(.postgres, .tags(.postgres)) struct DiscoverCommandTests {
    @Test func writesCatalogJSONAndPrintsASummary() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE invoices (id bigint PRIMARY KEY, amount integer NOT NULL)",
                             "CREATE SCHEMA analytics", "CREATE VIEW analytics.revenue AS SELECT sum(amount) AS revenue FROM invoices")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await KeelBinary.run(["discover", "--db", db.config.redactedURL, "--out", out.path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("fingerprint sha256:"))
        #expect(result.standardOutput.contains("analytics"))
        let catalog = try Catalog.read(from: out)
        #expect(catalog.tables.map(\.name.name) == ["invoices"])
        #expect(catalog.views.map(\.name.name) == ["revenue"])
    }

    @Test func jsonGoesToStdout() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE t (id int)")
        let result = try await KeelBinary.run(["discover", "--db", db.config.redactedURL, "--json", "--schemas", "public"])
        #expect(result.exitCode == 0)
        let catalog = try Catalog.decode(Data(result.standardOutput.utf8), path: "stdout")
        #expect(catalog.tables.count == 1)
    }

    @Test func readsTheConnectionFromTheEnvironment() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE from_env (id int)")
        let result = try await KeelBinary.run(["discover", "--json"], environment: [
            "PGHOST": db.cluster.socketDirectory, "PGPORT": "\(db.cluster.port)", "PGUSER": "postgres", "PGDATABASE": db.name,
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("from_env"))
    }

    @Test func wrongPasswordIsExitTwoAndNeverPrinted() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE ROLE cli_user LOGIN PASSWORD 'right'")
        let url = "postgres://cli_user:hunter2@/\(db.name)?host=\(db.cluster.socketDirectory)"
        let result = try await KeelBinary.run(["discover", "--db", url])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("error: password authentication failed for user \"cli_user\""))
        #expect(!(result.standardError + result.standardOutput).contains("hunter2"))
    }

    @Test func missingDatabaseIsExitTwo() async throws {
        let db = try #require(TestDatabase.current)
        let result = try await KeelBinary.run(["discover", "--db", db.cluster.connectionConfig(database: "nope_db").redactedURL])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("database \"nope_db\" does not exist"))
    }
}
