import Foundation
public import KeelPostgres
public import Logging
import KeelCore
import PostgresNIO

/// Loads a plain-SQL dump (pg_dump -Fp, schema-only or full) into a managed cluster with psql,
/// so discovery can read a real catalog from it.
///
/// psql is the real loader for `COPY … FROM stdin` blocks and meta-commands. Errors are reported
/// with their line in the file; with `allowErrors` loading continues past them.
public struct DumpLoader: Sendable {
    public struct LoadError: Sendable, Equatable, Codable {
        /// The 1-based line in the dump where the failing statement starts, when psql knows it.
        public var line: Int?
        public var message: String
    }

    public struct Result: Sendable {
        /// The database the dump's objects ended up in.
        public var database: String
        /// Errors psql reported (empty unless `allowErrors`).
        public var errors: [LoadError]
        /// Contrib extensions created because the dump needs them but does not create them.
        public var createdExtensions: [String]
    }

    public var allowErrors: Bool
    public var logger: Logger

    public init(allowErrors: Bool = false, logger: Logger = Logger(label: "keel.dump")) {
        self.allowErrors = allowErrors
        self.logger = logger
    }

    public static let databaseName = "keel_dump"

    /// Loads `path` into a new database `database` of `cluster`.
    public func load(_ path: String, into cluster: ManagedCluster, database databaseName: String = DumpLoader.databaseName) async throws -> Result {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DiscoverError.dumpNotFound(path: path)
        }
        let database = try Identifier(databaseName)
        let admin = cluster.connectionConfig()
        try await Session.with(admin, logger: logger) { session in
            try await session.execute("CREATE DATABASE \(database)")
        }

        let needs = try DumpScan.scan(url)
        let created = try await createMissingExtensions(needs, config: cluster.connectionConfig(database: database.name))

        var arguments = ["-X", "-q", "-h", cluster.socketDirectory, "-p", "\(cluster.port)", "-U", ManagedCluster.superuser,
                         "-d", database.name, "-f", url.path]
        if !allowErrors { arguments.insert(contentsOf: ["-v", "ON_ERROR_STOP=1"], at: 0) }
        let result = try await ProgramRunner.run(
            cluster.binaries.psql, arguments, workingDirectory: url.deletingLastPathComponent().path,
            environment: ["PGPASSWORD": nil, "PGOPTIONS": nil, "PGAPPNAME": "keel-dump-load"])
        let errors = Self.parseErrors(result.standardError, path: url.path)
        if !result.succeeded, !allowErrors {
            let first = errors.first
            throw DiscoverError.dumpLoadFailed(
                path: path, line: first?.line,
                message: first?.message ?? "psql \(result.statusText): \(result.standardError.suffix(500))",
                errorCount: max(errors.count, 1))
        }
        let loaded = try await populatedDatabase(cluster: cluster, candidates: needs.connectedDatabases.reversed() + [database.name])
        guard let loaded else { throw DiscoverError.dumpLoadedNothing(path: path) }
        return Result(database: loaded, errors: errors, createdExtensions: created)
    }

    /// `psql:/path/file.sql:123: ERROR:  message`
    static func parseErrors(_ stderr: String, path: String) -> [LoadError] {
        var errors: [LoadError] = []
        let prefix = "psql:\(path):"
        for line in stderr.split(separator: "\n") {
            guard line.hasPrefix(prefix) else {
                if line.hasPrefix("psql: error:") { errors.append(LoadError(line: nil, message: String(line.dropFirst(13)))) }
                continue
            }
            let rest = line.dropFirst(prefix.count)
            let number = rest.prefix(while: \.isNumber)
            let text = rest.dropFirst(number.count).drop(while: { $0 == ":" || $0 == " " })
            for level in ["ERROR:", "FATAL:"] where text.hasPrefix(level) {
                let message = text.dropFirst(level.count).trimmingCharacters(in: .whitespaces)
                errors.append(LoadError(line: Int(number), message: message))
            }
        }
        return errors
    }

    private func createMissingExtensions(_ scan: DumpScan, config: ConnectionConfig) async throws -> [String] {
        let wanted = scan.neededExtensions.subtracting(scan.declaredExtensions)
        guard !wanted.isEmpty else { return [] }
        return try await Session.with(config, logger: logger) { session in
            let available = Set(try await session.collect("SELECT name::text FROM pg_catalog.pg_available_extensions") {
                try $0.decode(String.self)
            })
            var created: [String] = []
            for name in wanted.sorted() where available.contains(name) {
                try await session.execute("CREATE EXTENSION IF NOT EXISTS \(try Identifier(name))")
                created.append(name)
            }
            return created
        }
    }

    /// The database the dump populated: the last one it `\connect`ed to (Chinook's script creates
    /// and switches to its own), else ours.
    private func populatedDatabase(cluster: ManagedCluster, candidates: [String]) async throws -> String? {
        let existing = try await Session.with(cluster.connectionConfig(), logger: logger) { session in
            Set(try await session.collect("SELECT datname::text FROM pg_catalog.pg_database") { try $0.decode(String.self) })
        }
        for database in candidates where existing.contains(database) {
            let count = try await Session.with(cluster.connectionConfig(database: database), logger: logger) { session in
                try await session.one("""
                    SELECT count(*)::int8 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname <> ALL (ARRAY['pg_catalog', 'information_schema']) AND n.nspname !~ '^pg_toast'
                    """) { try $0.decode(Int64.self) }
            }
            if count > 0 { return database }
        }
        return nil
    }
}
