public import KeelPostgres
import Foundation
import Logging

/// One managed PostgreSQL per test process, started on first use through Keel's own
/// ``ManagedCluster`` (so the fixture exercises the product).
///
/// If the server programs are missing, tests fail with the install hint; they never skip.
/// The cluster lives as long as the test process and cleans itself up when it exits.
public actor TestCluster {
    public static let shared = TestCluster()

    private var cluster: ManagedCluster?
    private var starting: Task<ManagedCluster, any Error>?

    /// The shared cluster, started on first call.
    public func cluster() async throws -> ManagedCluster {
        if let cluster { return cluster }
        if let starting { return try await starting.value }
        // Every suite shares this cluster, and discovery opens parallel sessions: room for all of them.
        let task = Task { try await ManagedCluster.start(ManagedCluster.Options(settings: ["max_connections": "600"])) }
        starting = task
        do {
            let started = try await task.value
            cluster = started
            return started
        } catch {
            starting = nil
            throw error
        }
    }
}
