import PostgresNIO
import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// Each connection failure gets its own clear error, checked against a real server.
@Suite(.postgres, .tags(.postgres)) struct SessionErrorTests {
    func code(of config: ConnectionConfig) async -> String? {
        do {
            let session = try await Session.connect(config)
            await session.close()
            return nil
        } catch let error as PostgresLayerError {
            #expect(!error.message.contains("hunter2"), "the password leaked into: \(error.message)")
            return error.code
        } catch {
            Issue.record("not a PostgresLayerError: \(type(of: error))")
            return nil
        }
    }

    func role(_ db: TestDatabase) async throws -> String {
        let name = "role_" + UUID().uuidString.prefix(8).lowercased()
        try await db.execute("CREATE ROLE \(try Identifier(name)) LOGIN PASSWORD \(literal: "right-password")")
        return name
    }

    @Test func connectsWithTheRightPassword() async throws {
        let db = try #require(TestDatabase.current)
        let user = try await role(db)
        let session = try await Session.connect(db.cluster.connectionConfig(database: db.name, user: user, password: "right-password"))
        let one = try await session.one("SELECT 1") { try $0.decode(Int32.self) }
        #expect(one == 1)
        await session.close()
    }

    @Test func wrongPassword() async throws {
        let db = try #require(TestDatabase.current)
        let user = try await role(db)
        #expect(await code(of: db.cluster.connectionConfig(database: db.name, user: user, password: "hunter2")) == "postgres.wrong-password")
    }

    @Test func missingPassword() async throws {
        let db = try #require(TestDatabase.current)
        let user = try await role(db)
        #expect(await code(of: db.cluster.connectionConfig(database: db.name, user: user)) == "postgres.password-required")
    }

    @Test func unknownRoleLooksLikeAWrongPassword() async throws {
        // PostgreSQL answers an unknown role with the same 28P01 so as not to reveal which roles exist.
        let db = try #require(TestDatabase.current)
        #expect(await code(of: db.cluster.connectionConfig(database: db.name, user: "nobody_here", password: "hunter2"))
            == "postgres.wrong-password")
    }

    @Test func missingDatabase() async throws {
        let db = try #require(TestDatabase.current)
        #expect(await code(of: db.cluster.connectionConfig(database: "no_such_database")) == "postgres.database-missing")
    }

    @Test func unreachableHosts() async throws {
        let refused = ConnectionConfig(endpoint: .tcp(host: "127.0.0.1", port: 1), user: "x", password: Password("hunter2"),
                                       database: "x", sslMode: .disable, connectTimeoutSeconds: 3)
        #expect(await code(of: refused) == "postgres.unreachable")
        let noSocket = ConnectionConfig(endpoint: .unixSocket(directory: "/nonexistent-dir", port: 5432), user: "x", database: "x")
        #expect(await code(of: noSocket) == "postgres.unreachable")
        let unresolvable = ConnectionConfig(endpoint: .tcp(host: "no-such-host.invalid", port: 5432), user: "x",
                                            database: "x", sslMode: .disable, connectTimeoutSeconds: 3)
        #expect(await code(of: unresolvable) == "postgres.unreachable")
    }

    @Test func serverErrorsCarrySQLStateAndTheStatement() async throws {
        let db = try #require(TestDatabase.current)
        try await Session.with(db.config) { session in
            do {
                try await session.execute("SELECT * FROM no_such_table")
                Issue.record("expected an error")
            } catch let error as PostgresLayerError {
                #expect(error.sqlState == "42P01")
                #expect(error.message.contains("no_such_table"))
            }
            // The session stays usable after a statement error.
            #expect(try await session.one("SELECT 2") { try $0.decode(Int32.self) } == 2)
        }
    }
}

/// TLS failures need a server listening on TCP; this one has TLS off.
@Suite(.tags(.postgres)) struct TLSErrorTests {
    @Test func sslmodeRequireAgainstAServerWithoutTLS() async throws {
        let port = Int.random(in: 20_000..<40_000)
        let cluster = try await ManagedCluster.start(ManagedCluster.Options(tcpPort: port))
        let config = ConnectionConfig(endpoint: .tcp(host: "127.0.0.1", port: port), user: "postgres",
                                      password: Password("hunter2"), database: "postgres", sslMode: .require)
        do {
            _ = try await Session.connect(config)
            Issue.record("expected a TLS error")
        } catch let error as PostgresLayerError {
            #expect(error.code == "postgres.tls-unsupported")
        }
        // prefer falls back to plain TCP and reaches authentication.
        var prefer = config
        prefer.sslMode = .prefer
        do {
            _ = try await Session.connect(prefer)
            Issue.record("expected an authentication error")
        } catch let error as PostgresLayerError {
            #expect(error.code == "postgres.wrong-password")
        }
        try await cluster.stop()
    }
}
