import Foundation
public import KeelCore
public import KeelPostgres
public import Logging
import PostgresNIO

/// Stage 1: reads a database's whole catalog into a ``Catalog``.
///
/// It sends a fixed number of queries — one per object kind — whatever the number of tables.
/// All of them see one snapshot: the lead session opens a read-only REPEATABLE READ transaction
/// and exports its snapshot, and up to `jobs − 1` more sessions import it, so the heavy queries
/// (columns, defaults and constraints, indexes) run side by side, like `pg_dump --jobs`.
/// `search_path` is `pg_catalog`, so the server prints every user name schema-qualified, and a
/// lock timeout guarantees discovery never waits behind a production migration.
public struct Discoverer: Sendable {
    public struct Options: Sendable {
        /// Limit discovery to these schemas; empty means every user schema.
        public var schemas: [String]
        /// How many sessions to read with (1 reads everything on one connection).
        public var jobs: Int

        public init(schemas: [String] = [], jobs: Int = 4) {
            self.schemas = schemas
            self.jobs = max(1, jobs)
        }
    }

    /// A catalog and how it was read.
    public struct Discovery: Sendable {
        public var catalog: Catalog
        /// Statements sent over all sessions (fixed, whatever the size of the catalog).
        public var statements: Int
        /// Sessions used.
        public var sessions: Int
    }

    public var options: Options
    public var logger: Logger

    public init(options: Options = Options(), logger: Logger = Logger(label: "keel.discover")) {
        self.options = options
        self.logger = logger
    }

    /// Connects with `config` and discovers.
    public func discover(_ config: ConnectionConfig) async throws -> Catalog {
        try await run(config).catalog
    }

    /// Discovers through one open session (no parallel reads).
    public func discover(_ session: Session) async throws -> Catalog {
        try await begin(session)
        do {
            let version = try await ServerVersion.read(session)
            var reads = CatalogReads()
            for lane in Lane.allCases { try await reads.read(lane, on: session, filter: filter, version: version) }
            let catalog = try await assemble(reads, version: version, lead: session)
            try await session.execute("COMMIT")
            return catalog
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }

    /// Connects, discovers with up to `options.jobs` sessions, and reports how.
    public func run(_ config: ConnectionConfig) async throws -> Discovery {
        let started = ContinuousClock.now
        let lead = try await Session.connect(config, logger: logger)
        var workers: [Session] = []
        defer {
            let all = [lead] + workers
            Task { for session in all { await session.close() } }
        }
        try await begin(lead)
        let version = try await ServerVersion.read(lead)
        if options.jobs > 1, let snapshot = try? await lead.one("SELECT pg_catalog.pg_export_snapshot()", { try $0.decode(String.self) }) {
            for _ in 1..<min(options.jobs, Lane.allCases.count) {
                // A worker that cannot connect (max_connections, say) only means less parallelism.
                guard let worker = try? await Session.connect(config, logger: logger) else { break }
                do {
                    try await worker.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    try await worker.execute("SET TRANSACTION SNAPSHOT \(literal: snapshot)")
                    try await configure(worker)
                    workers.append(worker)
                } catch {
                    await worker.close()
                    break
                }
            }
        }
        let sessions = [lead] + workers
        let filter = self.filter
        let reads = try await withThrowingTaskGroup(of: CatalogReads.self) { group in
            for (index, session) in sessions.enumerated() {
                let lanes = Lane.allCases.enumerated().filter { $0.offset % sessions.count == index }.map(\.element)
                group.addTask {
                    var reads = CatalogReads()
                    for lane in lanes { try await reads.read(lane, on: session, filter: filter, version: version) }
                    return reads
                }
            }
            var merged = CatalogReads()
            for try await part in group { merged.merge(part) }
            return merged
        }
        for worker in workers { try await worker.execute("COMMIT") }
        let catalog = try await assemble(reads, version: version, lead: lead)
        try await lead.execute("COMMIT")
        logger.debug("discovered", metadata: [
            "tables": "\(catalog.tables.count)", "views": "\(catalog.views.count)", "sessions": "\(sessions.count)",
            "elapsed": "\(ContinuousClock.now - started)",
        ])
        return Discovery(catalog: catalog, statements: sessions.reduce(0) { $0 + $1.statementCount }, sessions: sessions.count)
    }

    private var filter: PostgresBindings {
        var binds = PostgresBindings()
        binds.append(options.schemas)
        return binds
    }

    private func begin(_ session: Session) async throws {
        try await session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try await configure(session)
    }

    private func configure(_ session: Session) async throws {
        try await session.execute("SET LOCAL search_path = pg_catalog")
        // Catalog reads take no locks on user tables; if anything ever waits, fail rather than queue.
        try await session.execute("SET LOCAL lock_timeout = '10s'")
        // The catalog queries' cost estimates cross jit_above_cost on big catalogs, and compiling
        // them takes longer (about a second each) than running them.
        try await session.execute("SET LOCAL jit = off")
    }

    /// Joins the reads into a catalog; the lead session (still in the snapshot) prints the index
    /// definitions that need the server.
    private func assemble(_ reads: CatalogReads, version: ServerVersion, lead: Session) async throws -> Catalog {
        let source = Catalog.Source(
            database: version.database, serverVersion: version.text, serverVersionNumber: version.number,
            settings: Dictionary(reads.settings, uniquingKeysWith: { first, _ in first }),
            schemaFilter: options.schemas.sorted(), discoveredAt: Date())
        var assembler = try CatalogAssembler(relations: reads.relations, columns: reads.columns, defaults: reads.defaults, routines: reads.routines)
        try assembler.attach(constraints: reads.constraints)
        try assembler.attach(constraints: reads.checkConstraints)
        try assembler.attach(indexes: reads.indexes, operatorClasses: reads.operatorClasses)
        var pending = PostgresBindings()
        pending.append(assembler.indexesNeedingDefinitions)
        try assembler.attach(indexDefinitions: try await lead.collect(IndexQuery.definitions, binds: pending, IndexQuery.decodeDefinition))
        try assembler.attach(triggers: reads.triggers)
        try assembler.attach(viewDependencies: reads.viewDependencies)
        let (tables, views) = try assembler.finish()
        logger.debug("catalog assembled", metadata: ["columns": "\(reads.columns.count)", "indexes": "\(reads.indexes.count)"])
        return try Catalog(source: source, schemas: reads.schemas, tables: tables, views: views, sequences: reads.sequences,
                           enums: reads.enums, domains: reads.domains, functions: reads.functions, extensions: reads.extensions)
    }
}

/// The server's identity, read first: the version picks query variants.
struct ServerVersion: Sendable {
    var database: String
    var text: String
    var number: Int

    static func read(_ session: Session) async throws -> ServerVersion {
        let (database, text, number) = try await session.one(ServerQuery.version) { try $0.decode((String, String, Int32).self) }
        guard number >= 120000 else { throw DiscoverError.unsupportedServer(version: text) }
        return ServerVersion(database: database, text: text, number: Int(number))
    }
}

/// Groups of catalog queries, balanced so the heavy ones can run on separate sessions.
///
/// Printing an expression that names columns (a CHECK constraint, an index predicate) makes
/// the server open the table, and the first open in a session builds its relcache entry (tens
/// of microseconds, a second or more for 10,000 tables). So everything that opens tables runs
/// in one lane, which pays that once; it comes first, so it runs on the lead session, which
/// later prints the remaining index definitions with the entries still cached.
enum Lane: CaseIterable {
    case indexesAndConstraints, columnsAndDefaults, everythingElse
}

/// The raw results of the catalog queries.
struct CatalogReads: Sendable {
    var settings: [(String, String)] = []
    var schemas: [Catalog.Schema] = []
    var relations: [RelationQuery.Row] = []
    var columns: [ColumnQuery.Row] = []
    var defaults: [DefaultQuery.Row] = []
    var routines: [(kind: String, oid: Int64, volatility: String)] = []
    var constraints: [ConstraintQuery.Row] = []
    /// Check and exclusion constraints (see ``ConstraintQuery/expressionKinds``).
    var checkConstraints: [ConstraintQuery.Row] = []
    var indexes: [IndexQuery.Row] = []
    var operatorClasses: [(oid: Int64, type: Int64, isDefault: Bool)] = []
    var triggers: [TriggerQuery.Row] = []
    var viewDependencies: [ViewDependencyQuery.Row] = []
    var sequences: [Catalog.Sequence] = []
    var enums: [Catalog.EnumType] = []
    var domains: [Catalog.Domain] = []
    var functions: [Catalog.Function] = []
    var extensions: [Catalog.Extension] = []

    mutating func read(_ lane: Lane, on session: Session, filter: PostgresBindings, version: ServerVersion) async throws {
        switch lane {
        case .indexesAndConstraints:
            indexes = try await session.collect(IndexQuery.sql(serverVersion: version.number), binds: filter, IndexQuery.decode)
            operatorClasses = try await session.collect(IndexQuery.operatorClasses, IndexQuery.decodeOperatorClass)
            checkConstraints = try await session.collect(ConstraintQuery.sql(expressions: true), binds: filter, ConstraintQuery.decode)
        case .columnsAndDefaults:
            columns = try await session.collect(ColumnQuery.sql, binds: filter, ColumnQuery.decode)
            defaults = try await session.collect(DefaultQuery.sql, binds: filter, DefaultQuery.decode)
            routines = try await session.collect(DefaultQuery.routines, DefaultQuery.decodeRoutine)
        case .everythingElse:
            var names = PostgresBindings()
            names.append(ServerQuery.settingNames)
            settings = try await session.collect(ServerQuery.settings, binds: names) { try $0.decode((String, String).self) }
            schemas = try await session.collect(RoutineQuery.schemas, binds: filter, RoutineQuery.decodeSchema)
            relations = try await session.collect(RelationQuery.sql, binds: filter, RelationQuery.decode)
            // Primary, unique and foreign keys: printing them opens no table.
            constraints = try await session.collect(ConstraintQuery.sql(expressions: false), binds: filter, ConstraintQuery.decode)
            triggers = try await session.collect(TriggerQuery.sql(serverVersion: version.number), binds: filter, TriggerQuery.decode)
            viewDependencies = try await session.collect(ViewDependencyQuery.sql, binds: filter, ViewDependencyQuery.decode)
            sequences = try await session.collect(SequenceQuery.sql, binds: filter, SequenceQuery.decode)
            enums = try await session.collect(TypeQuery.enums, binds: filter, TypeQuery.decodeEnum)
            domains = try await session.collect(TypeQuery.domains, binds: filter, TypeQuery.decodeDomain)
            functions = try await session.collect(RoutineQuery.functions(serverVersion: version.number), binds: filter, RoutineQuery.decodeFunction)
            extensions = try await session.collect(RoutineQuery.extensions, RoutineQuery.decodeExtension)
        }
    }

    /// Takes every non-empty part of `other` (each lane fills different parts).
    mutating func merge(_ other: CatalogReads) {
        if !other.settings.isEmpty { settings = other.settings }
        if !other.schemas.isEmpty { schemas = other.schemas }
        if !other.relations.isEmpty { relations = other.relations }
        if !other.columns.isEmpty { columns = other.columns }
        if !other.defaults.isEmpty { defaults = other.defaults }
        if !other.routines.isEmpty { routines = other.routines }
        if !other.constraints.isEmpty { constraints = other.constraints }
        if !other.checkConstraints.isEmpty { checkConstraints = other.checkConstraints }
        if !other.indexes.isEmpty { indexes = other.indexes }
        if !other.operatorClasses.isEmpty { operatorClasses = other.operatorClasses }
        if !other.triggers.isEmpty { triggers = other.triggers }
        if !other.viewDependencies.isEmpty { viewDependencies = other.viewDependencies }
        if !other.sequences.isEmpty { sequences = other.sequences }
        if !other.enums.isEmpty { enums = other.enums }
        if !other.domains.isEmpty { domains = other.domains }
        if !other.functions.isEmpty { functions = other.functions }
        if !other.extensions.isEmpty { extensions = other.extensions }
    }
}
