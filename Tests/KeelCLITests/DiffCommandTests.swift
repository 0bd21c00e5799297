import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

@Suite(.postgres, .tags(.postgres)) struct DiffCommandTests {
    private func prepare(_ db: TestDatabase) async throws {
        try await db.execute(
            "CREATE TABLE a (id int PRIMARY KEY, name text, amount numeric(10,2))",
            "CREATE TABLE b (id int PRIMARY KEY, name text, amount integer)",
            "INSERT INTO a VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3)",
            "INSERT INTO b VALUES (2, 'two', 2), (3, 'THREE', 3), (4, 'four', 4)")
    }

    @Test func differencesExitOneWithATextSummary() async throws {
        let db = try #require(TestDatabase.current)
        try await prepare(db)
        let result = try await KeelBinary.run(["diff", "a", "b", "--key", "id", "--db", db.config.redactedURL])
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("modified      1"))
        #expect(result.standardOutput.contains("name (text): 1 rows"))
        #expect(result.standardOutput.contains("differences found"))
    }

    @Test func jsonGivesStatusesAndSamples() async throws {
        let db = try #require(TestDatabase.current)
        try await prepare(db)
        let result = try await KeelBinary.run(["diff", "a", "public.b", "--key", "id", "--db", db.config.redactedURL, "--json"])
        #expect(result.exitCode == 1, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["kind"] as? String == "diff")
        #expect(json["formatVersion"] as? Int == 1)
        let counts = try #require(json["counts"] as? [String: Any])
        #expect(counts["identical"] as? Int == 1)
        #expect(counts["modified"] as? Int == 1)
        #expect(counts["added"] as? Int == 1)
        #expect(counts["removed"] as? Int == 1)
        #expect(counts["nonunique_pk"] as? Int == 0)
        let samples = try #require(json["samples"] as? [[String: Any]])
        #expect(samples.contains { $0["status"] as? String == "modified" && ($0["key"] as? [String]) == ["3"] })
    }

    @Test func numericTypeChangeAloneIsNoDifference() async throws {
        let db = try #require(TestDatabase.current)
        try await prepare(db)
        let result = try await KeelBinary.run(["diff", "a", "b", "--key", "id", "--columns", "amount", "--db", db.config.redactedURL])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("identical     2"))
        let same = try await KeelBinary.run(["diff", "a", "a", "--key", "id", "--db", db.config.redactedURL])
        #expect(same.exitCode == 0, "\(same.standardError)")
        #expect(same.standardOutput.contains("no differences"))
    }

    @Test func twoDatabasesByBisection() async throws {
        let db = try #require(TestDatabase.current)
        try await prepare(db)
        let cluster = db.cluster
        let other = try Identifier("keel_t2_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())
        try await Session.with(cluster.connectionConfig()) { try await $0.execute("CREATE DATABASE \(other)") }
        defer { Task { try? await Session.with(cluster.connectionConfig()) { try await $0.execute("DROP DATABASE \(other) WITH (FORCE)") } } }
        try await Session.with(cluster.connectionConfig(database: other.name)) { session in
            try await session.execute("CREATE TABLE a (id bigint PRIMARY KEY, name text, amount numeric)")
            try await session.execute("INSERT INTO a VALUES (1, 'one', 1.0), (2, 'two', 2), (3, 'three', 3.5)")
        }
        let result = try await KeelBinary.run(["diff", "a", "a", "--key", "id", "--json",
                                               "--db-a", db.config.redactedURL, "--db-b", cluster.connectionConfig(database: other.name).redactedURL])
        #expect(result.exitCode == 1, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["algorithm"] as? String == "bisection")
        #expect((json["counts"] as? [String: Any])?["modified"] as? Int == 1)
        #expect((json["counts"] as? [String: Any])?["identical"] as? Int == 2)
    }

    @Test func limitStopsEarly() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE a AS SELECT g AS id, g AS v FROM generate_series(1, 1000) g",
                             "CREATE TABLE b AS SELECT id, -v AS v FROM a")
        let result = try await KeelBinary.run(["diff", "a", "b", "--key", "id", "--limit", "5", "--db", db.config.redactedURL, "--json"])
        #expect(result.exitCode == 1, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["complete"] as? Bool == false)
        #expect((json["counts"] as? [String: Any])?["modified"] as? Int == 5)
    }

    @Test func badInputExitsTwoWithAClearMessage() async throws {
        let db = try #require(TestDatabase.current)
        try await prepare(db)
        try await db.execute("CREATE ROLE diff_cli LOGIN PASSWORD 'right'")
        let url = db.config.redactedURL
        let unknownTable = try await KeelBinary.run(["diff", "a", "missing", "--key", "id", "--db", url])
        #expect(unknownTable.exitCode == 2)
        #expect(unknownTable.standardError.contains("error: table missing does not exist in database"))
        #expect(unknownTable.standardError.contains("hint:"))
        let unknownKey = try await KeelBinary.run(["diff", "a", "b", "--key", "nope", "--db", url])
        #expect(unknownKey.exitCode == 2)
        #expect(unknownKey.standardError.contains("key column \"nope\" does not exist in table public.a"))
        let wrongPassword = try await KeelBinary.run(["diff", "a", "b", "--key", "id", "--db",
                                                      "postgres://diff_cli:hunter2@/\(db.name)?host=\(db.cluster.socketDirectory)"])
        #expect(wrongPassword.exitCode == 2)
        #expect(wrongPassword.standardError.hasPrefix("error: password authentication failed for user \"diff_cli\""))
        #expect(!(wrongPassword.standardError + wrongPassword.standardOutput).contains("hunter2"))
        let unreachable = try await KeelBinary.run(["diff", "a", "b", "--key", "id", "--db", "postgres://x@127.0.0.1:1/x?connect_timeout=2"])
        #expect(unreachable.exitCode == 2)
        #expect(unreachable.standardError.contains("cannot reach PostgreSQL at 127.0.0.1:1"))
        let usage = try await KeelBinary.run(["diff", "a", "b", "--key", "id", "--db", url, "--db-a", url])
        #expect(usage.exitCode == 2)
        let noKey = try await KeelBinary.run(["diff", "a", "b", "--db", url])
        #expect(noKey.exitCode == 2)
    }

    @Test func helpHasExamples() async throws {
        let result = try await KeelBinary.run(["diff", "--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Examples:"))
        #expect(result.standardOutput.contains("--db-a"))
    }
}
