import Foundation
import KeelCore
import KeelDiscover
import KeelPostgres
import KeelTestSupport
import Testing

/// Bad input gets a clear error and changes nothing.
@Suite(.postgres, .tags(.postgres)) struct DiscoverBadInputTests {
    func scratchFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dump-\(UUID()).sql").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aMissingDumpFile() async throws {
        let cluster = try await TestCluster.shared.cluster()
        await #expect { try await DumpLoader().load("/nonexistent/dump.sql", into: cluster, database: "never_created") } throws: {
            ($0 as? DiscoverError)?.code == "discover.dump-not-found"
        }
    }

    @Test func aDumpWithAnErrorNamesTheLine() async throws {
        let cluster = try await TestCluster.shared.cluster()
        let path = try scratchFile("CREATE TABLE ok (id int);\n\nCREATE TABLE broken (id int,, x);\nCREATE TABLE after (id int);\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let name = "keel_bad_" + UUID().uuidString.prefix(8).lowercased()
        do {
            _ = try await DumpLoader().load(path, into: cluster, database: name)
            Issue.record("expected a load error")
        } catch let error as DiscoverError {
            guard case .dumpLoadFailed(_, let line, let message, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(line == 3)
            #expect(message.contains("syntax error"))
        }
        // With allowErrors the load continues and reports the failure.
        let lenient = try await DumpLoader(allowErrors: true).load(path, into: cluster, database: name + "_b")
        #expect(lenient.errors.map(\.line) == [3])
        let catalog = try await Discoverer().discover(cluster.connectionConfig(database: lenient.database))
        #expect(catalog.tables.map(\.name.name) == ["after", "ok"])
    }

    @Test func aFileThatIsNotADump() async throws {
        let cluster = try await TestCluster.shared.cluster()
        let path = try scratchFile("-- nothing here\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect { try await DumpLoader().load(path, into: cluster, database: "keel_empty_" + UUID().uuidString.prefix(8).lowercased()) } throws: {
            ($0 as? DiscoverError)?.code == "discover.dump-empty"
        }
    }

    @Test func anUnreachableServer() async throws {
        let config = ConnectionConfig(endpoint: .tcp(host: "127.0.0.1", port: 1), user: "x", database: "x", sslMode: .disable)
        await #expect { try await Discoverer().discover(config) } throws: { ($0 as? PostgresLayerError)?.code == "postgres.unreachable" }
    }

    @Test func discoveryOnlyReads() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE t (id int)")
        let before = try await Discoverer().discover(db.config)
        _ = try await Discoverer().discover(db.config)
        let after = try await Discoverer().discover(db.config)
        #expect(before.fingerprint == after.fingerprint)
    }
}
