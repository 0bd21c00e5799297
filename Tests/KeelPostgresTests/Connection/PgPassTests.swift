import Foundation
@testable import KeelPostgres
import Testing

@Suite struct PgPassTests {
    let file = """
        # comment
        db.example.com:5432:billing:bob:first
        *:*:*:bob:fallback\\:with\\:colons
        localhost:5432:*:carol:socketpw
        other:*:*:*:nope
        """

    func config(_ endpoint: ConnectionConfig.Endpoint, user: String, db: String = "billing") -> ConnectionConfig {
        ConnectionConfig(endpoint: endpoint, user: user, database: db)
    }

    @Test func firstMatchingLineWins() {
        #expect(PgPass.lookup(text: file, config: config(.tcp(host: "db.example.com", port: 5432), user: "bob")) == "first")
        #expect(PgPass.lookup(text: file, config: config(.tcp(host: "elsewhere", port: 1), user: "bob")) == "fallback:with:colons")
        #expect(PgPass.lookup(text: file, config: config(.tcp(host: "elsewhere", port: 1), user: "dave")) == nil)
    }

    @Test func localhostMatchesUnixSockets() {
        #expect(PgPass.lookup(text: file, config: config(.unixSocket(directory: "/run/pg", port: 5432), user: "carol")) == "socketpw")
    }

    @Test func resolverReadsThePasswordFileOnlyWhenPrivate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(".pgpass").path
        try "db:5432:app:bob:secret\n".write(toFile: path, atomically: true, encoding: .utf8)
        let resolver = ConnectionResolver(environment: [:], osUser: "bob", homeDirectory: dir.path)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try resolver.resolve("postgres://db/app").password == nil)  // libpq ignores a readable file

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try resolver.resolve("postgres://db/app").password?.value == "secret")
        // An explicit password wins over the file.
        #expect(try resolver.resolve("postgres://bob:other@db/app").password?.value == "other")
        // PGPASSFILE points elsewhere.
        let viaEnv = ConnectionResolver(environment: ["PGPASSFILE": path], osUser: "bob", homeDirectory: "/nonexistent")
        #expect(try viaEnv.resolve("postgres://db/app").password?.value == "secret")
    }
}
