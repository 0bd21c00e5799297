import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import KeelValidate

/// Helpers shared by the diff tests.
enum DiffFixtures {
    static func key(_ names: String...) throws -> [Identifier] { try names.map { try Identifier($0) } }

    static func table(_ text: String) throws -> TableReference { try TableReference(parsing: text) }

    /// A second fresh database on the shared test cluster, dropped afterwards.
    static func withSecondDatabase<T: Sendable>(_ body: (ConnectionConfig) async throws -> T) async throws -> T {
        let cluster = try await TestCluster.shared.cluster()
        let name = try Identifier("keel_t2_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())
        try await Session.with(cluster.connectionConfig()) { try await $0.execute("CREATE DATABASE \(name)") }
        let config = cluster.connectionConfig(database: name.name)
        do {
            let result = try await body(config)
            try await Session.with(cluster.connectionConfig()) { try await $0.execute("DROP DATABASE \(name) WITH (FORCE)") }
            return result
        } catch {
            try? await Session.with(cluster.connectionConfig()) { try await $0.execute("DROP DATABASE \(name) WITH (FORCE)") }
            throw error
        }
    }

    static func execute(_ config: ConnectionConfig, _ statements: SQL...) async throws {
        try await Session.with(config) { session in
            for statement in statements { try await session.execute(statement) }
        }
    }

    /// Two tables with every status: ids 1–6 in A, 2–7 in B; 3 has a new amount, 4 a new name.
    static let statusTables: [SQL] = [
        "CREATE TABLE a (id int PRIMARY KEY, name text, amount numeric(10,2))",
        "CREATE TABLE b (id int PRIMARY KEY, name text, amount numeric(10,2))",
        "INSERT INTO a VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3), (4, 'four', 4), (5, 'five', 5), (6, NULL, 6)",
        "INSERT INTO b VALUES (2, 'two', 2), (3, 'three', 3.5), (4, 'FOUR', 4), (5, 'five', 5), (6, NULL, 6), (7, 'seven', 7)",
    ]
}
