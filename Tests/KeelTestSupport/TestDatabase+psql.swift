import Foundation
public import KeelPostgres

extension TestDatabase {
    /// Runs the cluster's psql on this database (ON_ERROR_STOP, no password or PGOPTIONS from the
    /// environment) and returns its standard output; a failure throws with psql's message.
    @discardableResult
    public func psql(_ arguments: [String]) async throws -> String {
        let result = try await ProgramRunner.check(
            cluster.binaries.psql,
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cluster.socketDirectory, "-p", "\(cluster.port)",
             "-U", ManagedCluster.superuser, "-d", name] + arguments,
            environment: ["PGPASSWORD": nil, "PGOPTIONS": nil])
        return result.standardOutput
    }
}
