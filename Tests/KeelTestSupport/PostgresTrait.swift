public import Testing
public import KeelPostgres
public import KeelCore
import Foundation

/// A fresh database for one test, on the shared test cluster.
public struct TestDatabase: Sendable {
    /// The database of the test currently running under the `.postgres` trait.
    @TaskLocal public static var current: TestDatabase?

    public let name: String
    public let cluster: ManagedCluster

    /// Superuser access to this database over the cluster's socket.
    public var config: ConnectionConfig { cluster.connectionConfig(database: name) }

    /// Runs statements as the superuser, one at a time.
    public func execute(_ statements: SQL...) async throws {
        try await execute(statements)
    }

    public func execute(_ statements: [SQL]) async throws {
        try await Session.with(config) { session in
            for statement in statements { try await session.execute(statement) }
        }
    }

    /// Creates a database named `keel_t_<random>` and drops it afterwards.
    static func withFresh<T: Sendable>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let cluster = try await TestCluster.shared.cluster()
        let name = try Identifier("keel_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())
        let admin = cluster.connectionConfig()
        try await Session.with(admin) { try await $0.execute("CREATE DATABASE \(name)") }
        let database = TestDatabase(name: name.name, cluster: cluster)
        do {
            let result = try await body(database)
            try await Session.with(admin) { try await $0.execute("DROP DATABASE \(name) WITH (FORCE)") }
            return result
        } catch {
            try? await Session.with(admin) { try await $0.execute("DROP DATABASE \(name) WITH (FORCE)") }
            throw error
        }
    }
}

/// Gives each test (or each test of a suite) its own fresh database, bound to
/// ``TestDatabase/current``, and drops it afterwards.
public struct PostgresTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> PostgresTrait? {
        // Scope individual test cases, not the suite as a whole.
        test.isSuite ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await TestDatabase.withFresh { database in
            try await TestDatabase.$current.withValue(database) { try await function() }
        }
    }
}

extension Trait where Self == PostgresTrait {
    /// A fresh database per test on the shared managed cluster.
    public static var postgres: Self { PostgresTrait() }
}

extension Tag {
    /// Tests that need a running PostgreSQL.
    @Tag public static var postgres: Self
}
