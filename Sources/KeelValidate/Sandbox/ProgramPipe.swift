import Foundation
import KeelPostgres

/// `producer | consumer` between two server programs (psql, pg_dump), streamed by the OS so
/// memory stays flat whatever the data size. Connection details and SQL travel in environment
/// variables, never on a command line (`ps` would show a password).
enum ProgramPipe {
    struct Side {
        var executable: String
        var arguments: [String]
        var connection: ConnectionConfig
        /// Extra libpq settings (e.g. `PGOPTIONS`).
        var extra: [String: String] = [:]
    }

    static func run(_ producer: Side, _ consumer: Side, sql: [String: String] = [:]) async throws -> ProgramResult {
        var environment: [String: String?] = ["PGPASSWORD": nil, "PGOPTIONS": nil, "PGSERVICE": nil]
        func prefix(_ side: Side, _ tag: String) -> String {
            var assignments: [String] = []
            for (key, value) in side.connection.libpqEnvironment.merging(side.extra, uniquingKeysWith: { $1 }) {
                environment["KEEL_\(tag)_\(key)"] = value
                assignments.append("\(key)=\"$KEEL_\(tag)_\(key)\"")
            }
            return assignments.sorted().joined(separator: " ")
        }
        for (key, value) in sql { environment[key] = value }
        let script = "set -o pipefail; \(prefix(producer, "A")) \(quote(producer.executable)) \(producer.arguments.map(quote).joined(separator: " ")) | "
            + "\(prefix(consumer, "B")) \(quote(consumer.executable)) \(consumer.arguments.map(quote).joined(separator: " "))"
        return try await ProgramRunner.run("/bin/bash", ["-c", script], environment: environment)
    }

    /// A single-quoted shell word; `$NAME` arguments are left for the shell to expand.
    static func quote(_ word: String) -> String {
        if word.hasPrefix("\"$"), word.hasSuffix("\"") { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
