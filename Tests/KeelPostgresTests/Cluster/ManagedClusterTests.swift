import PostgresNIO
import Foundation
import KeelCore
@testable import KeelPostgres
import KeelTestSupport
import Testing

@Suite(.tags(.postgres)) struct ManagedClusterTests {
    @Test func startsOnAPrivateSocketTunedForThrowawayUseAndRemovesItselfOnStop() async throws {
        let cluster = try await ManagedCluster.start()
        let directory = cluster.directory
        #expect(FileManager.default.fileExists(atPath: cluster.socketDirectory + "/.s.PGSQL.5432"))
        let settings = try await Session.with(cluster.connectionConfig()) { session in
            try await session.collect("""
                SELECT name::text, setting FROM pg_settings
                WHERE name IN ('listen_addresses', 'fsync', 'full_page_writes', 'synchronous_commit', 'shared_preload_libraries')
                ORDER BY name
                """) { try $0.decode((String, String).self) }
        }
        let byName = Dictionary(uniqueKeysWithValues: settings)
        #expect(byName["listen_addresses"] == "")
        #expect(byName["fsync"] == "off")
        #expect(byName["full_page_writes"] == "off")
        #expect(byName["synchronous_commit"] == "off")
        #expect(byName["shared_preload_libraries"]?.contains("pg_stat_statements") == true)

        if OSUser.isRoot {
            let pid = try #require(PostmasterPID.read(dataDirectory: directory + "/data")).pid
            let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
            let uidLine = try #require(status.split(separator: "\n").first { $0.hasPrefix("Uid:") })
            #expect(!uidLine.split(separator: "\t").dropFirst().contains("0"), "the server runs as root: \(uidLine)")
        }

        try await cluster.stop()
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(ManagedCluster.status(directory: directory) == .absent)
    }

    @Test func detachedClusterOutlivesItsHandleUntilStoppedByDirectory() async throws {
        let directory = "/tmp/keel-test-detached-\(UUID().uuidString.prefix(8))"
        let cluster = try await ManagedCluster.start(ManagedCluster.Options(directory: directory, lifetime: .detached))
        guard case .running = ManagedCluster.status(directory: directory) else {
            Issue.record("expected a running cluster")
            return
        }
        let attached = try ManagedCluster.attach(directory: directory)
        #expect(attached.version == cluster.version)
        let one = try await Session.with(attached.connectionConfig()) { try await $0.one("SELECT 1") { try $0.decode(Int32.self) } }
        #expect(one == 1)
        try await ManagedCluster.stop(directory: directory)
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(throws: PostgresLayerError.self) { try ManagedCluster.attach(directory: directory) }
    }

    @Test func refusesANonEmptyDirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keel-nonempty-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "x".write(toFile: directory + "/file", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        await #expect { try await ManagedCluster.start(ManagedCluster.Options(directory: directory)) } throws: {
            ($0 as? PostgresLayerError)?.code == "postgres.cluster-directory-unusable"
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/file"), "the directory's contents must be left alone")
    }

    @Test func refusesASocketPathLongerThanUnixAllows() async throws {
        let directory = "/tmp/" + String(repeating: "d", count: 100)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        await #expect { try await ManagedCluster.start(ManagedCluster.Options(directory: directory)) } throws: {
            ($0 as? PostgresLayerError)?.code == "postgres.cluster-directory-unusable"
        }
        #expect(!FileManager.default.fileExists(atPath: directory), "a failed start leaves nothing behind")
    }

    @Test func statusOfAnEmptyPlaceIsAbsent() {
        #expect(ManagedCluster.status(directory: "/nonexistent/keel") == .absent)
    }

    @Test func asksForAVersionThatIsNotInstalled() async {
        await #expect { try await ServerBinaries.locate(majorVersion: 3) } throws: {
            guard let error = $0 as? PostgresLayerError else { return false }
            return error.code == "postgres.binaries-missing" && (error.hint ?? "").contains("apt-get install")
        }
    }

    @Test func parsesServerVersions() throws {
        let parsed = try ServerBinaries.parseVersion("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n")
        #expect(parsed.major == 15 && parsed.text == "15.18")
        #expect(try ServerBinaries.parseVersion("postgres (PostgreSQL) 17beta1").major == 17)
    }
}
