import Foundation
public import KeelCore
public import KeelPostgres
import Logging
import PostgresNIO

/// A throwaway database that mirrors the source: every schema object (cloned with pg_dump), and
/// representative data: small tables whole, large ones sampled so that every foreign key still
/// holds. The source is only read; data moves with COPY through a pipe, so memory stays flat.
public struct Sandbox: Sendable {
    public struct Options: Sendable {
        /// Tables with at most this many rows (discovery's estimate) are copied whole.
        public var sampleRows: Int
        /// Seed of the sample (`TABLESAMPLE … REPEATABLE`), so the same source gives the same sandbox.
        public var seed: Int
        /// Rows copied into sampled tables whatever the sample draws.
        public var pinned: [PinnedRows]
        public init(sampleRows: Int = 10_000, seed: Int = 42, pinned: [PinnedRows] = []) {
            self.sampleRows = sampleRows
            self.seed = seed
            self.pinned = pinned
        }
    }

    /// The sandbox database.
    public let config: ConnectionConfig
    public let serverVersion: String
    let cluster: ManagedCluster?
    let server: ConnectionConfig
    let binaries: ServerBinaries

    /// Creates the sandbox on `server` (a superuser connection), or on a new managed cluster.
    public static func create(source: ConnectionConfig, catalog: Catalog, server: ConnectionConfig? = nil,
                              options: Options = Options(), progress: @Sendable (ValidationProgress) -> Void = { _ in }) async throws -> (Sandbox, [ValidationReport.TableSample]) {
        var cluster: ManagedCluster?
        if server == nil { cluster = try await ManagedCluster.start() }
        let admin = server ?? cluster.map { $0.connectionConfig() } ?? source
        let binaries: ServerBinaries
        if let cluster { binaries = cluster.binaries } else { binaries = try await ServerBinaries.locate() }
        if let sourceMajor = catalog.source?.majorVersion, sourceMajor != binaries.majorVersion {
            try? await cluster?.stop()
            throw ValidateError.versionMismatch(source: sourceMajor, sandbox: binaries.majorVersion)
        }
        let name = try Identifier("keel_sandbox_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())
        try await Session.with(admin) { try await $0.execute("CREATE DATABASE \(name)") }
        let config = admin.with(database: name.name)
        let version = try await Session.with(config) { try await $0.one("SHOW server_version") { try $0.decode(String.self) } }
        let sandbox = Sandbox(config: config, serverVersion: version, cluster: cluster, server: admin, binaries: binaries)
        do {
            progress(.init(phase: .sandbox, step: "cloning the schema"))
            try await sandbox.cloneSchema(from: source)
            let samples = try await sandbox.copyData(from: source, catalog: catalog, options: options, progress: progress)
            return (sandbox, samples)
        } catch {
            await sandbox.drop()
            throw error
        }
    }

    /// Drops the sandbox database (and stops its managed cluster).
    public func drop() async {
        if let cluster {
            try? await cluster.stop()
            return
        }
        if let name = try? Identifier(config.database) {
            try? await Session.with(server) { try await $0.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        }
    }

    /// The sandbox's URL, for readers (it trusts its local socket; no password).
    public var url: String { config.redactedURL }

    // MARK: Schema

    func cloneSchema(from source: ConnectionConfig) async throws {
        let result = try await ProgramPipe.run(
            .init(executable: binaries.pgDump, arguments: ["--schema-only", "--no-owner", "--no-privileges", "--no-publications",
                                                            "--no-subscriptions", "--no-security-labels"], connection: source),
            .init(executable: binaries.psql, arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1"], connection: config))
        guard result.succeeded else {
            throw ValidateError.cloneFailed(step: "copying the schema (pg_dump --schema-only | psql)", detail: Self.lastLine(result.standardError))
        }
    }

    // MARK: Data

    func copyData(from source: ConnectionConfig, catalog: Catalog, options: Options,
                  progress: @Sendable (ValidationProgress) -> Void) async throws -> [ValidationReport.TableSample] {
        let tables = catalog.tables.filter { $0.kind == .ordinary && $0.persistence == .permanent }
        var sampled: Set<QualifiedName> = []
        // Expected rows: whole tables by their estimate, sampled ones by the sample size.
        let expected = tables.reduce(Int64(0)) { $0 + min(max($1.stats?.rowEstimate ?? 0, 0), Int64(options.sampleRows)) }
        var copied: Int64 = 0
        let started = ContinuousClock.now
        func report(_ step: String, _ index: Int, finished: Bool = false) {
            let elapsed = ContinuousClock.now - started
            let (perSecond, eta) = ValidationProgress.rate(done: copied, total: max(expected, copied),
                                                            elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            progress(.init(phase: .sandbox, step: step, index: index, count: tables.count, rowsDone: copied,
                           rowsTotal: max(expected, copied), rowsPerSecond: perSecond, etaSeconds: eta, finished: finished))
        }
        for (index, table) in tables.enumerated() {
            let rows = table.stats?.rowEstimate
            var select = "SELECT \(columnList(table)) FROM \(table.qualifiedName)" as SQL
            if let rows, rows > Int64(options.sampleRows) {
                let percent = max(0.0001, min(100.0, Double(options.sampleRows) * 100.0 / Double(rows)))
                select = "\(select) TABLESAMPLE BERNOULLI (\(literal: String(format: "%.6f", percent))) REPEATABLE (\(literal: options.seed))"
                sampled.insert(table.qualifiedName)
                if let pinned = Self.condition(options.pinned.filter { $0.table == table.qualifiedName }) {
                    copied += try await copy("SELECT \(columnList(table)) FROM \(table.qualifiedName) WHERE \(pinned)", into: table, from: source)
                    select = "\(select) WHERE (\(pinned)) IS NOT TRUE"
                }
            }
            copied += try await copy(select, into: table, from: source)
            report("copied \(table.qualifiedName.display)", index + 1, finished: index == tables.count - 1)
        }
        progress(.init(phase: .sandbox, step: "pulling the rows foreign keys point at"))
        try await closeForeignKeys(catalog: catalog, sampled: sampled, from: source)
        return try await finish(tables: tables, sampled: sampled)
    }

    /// `column IN ('v', …) OR …`: untyped literals, which PostgreSQL reads as each column's type.
    static func condition(_ pins: [PinnedRows]) -> SQL? {
        let terms = pins.filter { !$0.values.isEmpty }.map { pin -> SQL in
            "\(pin.column) IN (\(SQL.joined(pin.values.map { "\(literal: $0)" })))"
        }
        return terms.isEmpty ? nil : SQL.joined(terms, separator: " OR ")
    }

    /// Pulls the parent rows sampled children point at, until every foreign key holds.
    func closeForeignKeys(catalog: Catalog, sampled: Set<QualifiedName>, from source: ConnectionConfig) async throws {
        guard !sampled.isEmpty else { return }
        let keys = catalog.tables.flatMap { table in
            table.constraints.compactMap { constraint -> (QualifiedName, [Identifier], Catalog.ForeignKey)? in
                guard constraint.kind == .foreignKey, let key = constraint.foreignKey else { return nil }
                return (table.qualifiedName, constraint.columns, key)
            }
        }
        for _ in 0..<32 {
            var pulled = false
            for (child, columns, key) in keys where sampled.contains(key.referencedTable) {
                guard let parent = catalog.table(key.referencedTable) else { continue }
                let childColumns = SQL.joined(columns.map { "c.\($0)::text" })
                let notNull = SQL.joined(columns.map { "c.\($0) IS NOT NULL" }, separator: " AND ")
                let match = SQL.joined(zip(columns, key.referencedColumns).map { "p.\($1) = c.\($0)" }, separator: " AND ")
                let missing = try await Session.with(config) { session in
                    try await session.collect("""
                        SELECT DISTINCT ARRAY[\(childColumns)] FROM \(child) AS c
                        WHERE \(notNull) AND NOT EXISTS (SELECT 1 FROM \(key.referencedTable) AS p WHERE \(match))
                        """) { try $0.decode([String].self) }
                }
                guard !missing.isEmpty else { continue }
                pulled = true
                let target = SQL.joined(key.referencedColumns.map { "\($0)::text" })
                for chunk in stride(from: 0, to: missing.count, by: 500) {
                    let rows = SQL.joined(missing[chunk..<min(chunk + 500, missing.count)].map { values in
                        "(\(SQL.joined(values.map { "\(literal: $0)" })))"
                    })
                    try await copy("SELECT \(columnList(parent)) FROM \(parent.qualifiedName) WHERE (\(target)) IN (\(rows))",
                                   into: parent, from: source)
                }
            }
            if !pulled { return }
        }
    }

    func finish(tables: [Catalog.Table], sampled: Set<QualifiedName>) async throws -> [ValidationReport.TableSample] {
        try await Session.with(config) { session in
            var samples: [ValidationReport.TableSample] = []
            for table in tables {
                // Sequences continue after the copied rows, so test writes do not collide.
                for column in table.columns where column.identity != nil || column.default?.expression.hasPrefix("nextval(") == true {
                    try await session.execute("""
                        SELECT setval(pg_get_serial_sequence(\(literal: table.qualifiedName.quoted), \(literal: column.name.name)),
                                      coalesce((SELECT max(\(column.name)) FROM \(table.qualifiedName)), 0) + 1, false)
                        """)
                }
                let count = try await session.one("SELECT count(*) FROM \(table.qualifiedName)") { try $0.decode(Int64.self) }
                samples.append(.init(table: table.qualifiedName, sourceRows: table.stats?.rowEstimate, sandboxRows: count,
                                     sampled: sampled.contains(table.qualifiedName)))
            }
            try await session.execute("ANALYZE")
            return samples
        }
    }

    func columnList(_ table: Catalog.Table) -> SQL {
        SQL.joined(table.columns.filter { $0.generated == nil }.map { "\($0.name)" })
    }

    /// `\copy (select) TO STDOUT | \copy table (columns) FROM STDIN`, with triggers and FK checks
    /// off on the sandbox side (session_replication_role = replica): rows arrive in any order.
    /// Returns the rows copied (psql's `COPY n`).
    @discardableResult
    func copy(_ select: SQL, into table: Catalog.Table, from source: ConnectionConfig) async throws -> Int64 {
        let out = "\\copy (\(select.text.replacingOccurrences(of: "\n", with: " "))) TO STDOUT"
        let into = "\\copy \(table.qualifiedName.quoted) (\(columnList(table).text)) FROM STDIN"
        let result = try await ProgramPipe.run(
            .init(executable: binaries.psql, arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", "\"$KEEL_COPY_OUT\""], connection: source),
            .init(executable: binaries.psql, arguments: ["-X", "-v", "ON_ERROR_STOP=1", "-c", "\"$KEEL_COPY_IN\""], connection: config,
                  extra: ["PGOPTIONS": "-c session_replication_role=replica"]),
            sql: ["KEEL_COPY_OUT": out, "KEEL_COPY_IN": into])
        guard result.succeeded else {
            throw ValidateError.cloneFailed(step: "copying \(table.qualifiedName.display)", detail: Self.lastLine(result.standardError))
        }
        let tag = result.standardOutput.split(separator: "\n").last { $0.hasPrefix("COPY ") }
        return tag.flatMap { Int64($0.dropFirst(5).trimmingCharacters(in: .whitespaces)) } ?? 0
    }

    static func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).map(String.init) ?? "no output"
    }
}
