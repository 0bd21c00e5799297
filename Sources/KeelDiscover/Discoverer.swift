import Foundation
public import KeelCore
public import KeelPostgres
public import Logging
import PostgresNIO

/// Stage 1: reads a database's whole catalog into a ``Catalog``.
///
/// It runs a fixed number of queries (one per object kind), whatever the number of tables,
/// inside one read-only REPEATABLE READ transaction so every query sees the same snapshot.
/// `search_path` is set to `pg_catalog` so the server prints every user name schema-qualified.
public struct Discoverer: Sendable {
    public struct Options: Sendable {
        /// Limit discovery to these schemas; empty means every user schema.
        public var schemas: [String]

        public init(schemas: [String] = []) {
            self.schemas = schemas
        }
    }

    public var options: Options
    public var logger: Logger

    public init(options: Options = Options(), logger: Logger = Logger(label: "keel.discover")) {
        self.options = options
        self.logger = logger
    }

    /// Connects with `config` and discovers.
    public func discover(_ config: ConnectionConfig) async throws -> Catalog {
        try await Session.with(config, logger: logger) { session in try await discover(session) }
    }

    /// Discovers through an open session.
    public func discover(_ session: Session) async throws -> Catalog {
        let started = ContinuousClock.now
        try await session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            try await session.execute("SET LOCAL search_path = pg_catalog")
            let catalog = try await readCatalog(session)
            try await session.execute("COMMIT")
            logger.debug("discovered", metadata: [
                "tables": "\(catalog.tables.count)", "views": "\(catalog.views.count)",
                "elapsed": "\(ContinuousClock.now - started)",
            ])
            return catalog
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }

    private func readCatalog(_ session: Session) async throws -> Catalog {
        var filter = PostgresBindings()
        filter.append(options.schemas)

        let (database, serverVersion, versionNumber) = try await session.one(ServerQuery.version) {
            try $0.decode((String, String, Int32).self)
        }
        guard versionNumber >= 120000 else { throw DiscoverError.unsupportedServer(version: serverVersion) }
        var settingNames = PostgresBindings()
        settingNames.append(ServerQuery.settingNames)
        let settings = try await session.collect(ServerQuery.settings, binds: settingNames) {
            try $0.decode((String, String).self)
        }

        let schemas = try await session.collect(RoutineQuery.schemas, binds: filter, RoutineQuery.decodeSchema)
        let relations = try await session.collect(RelationQuery.sql, binds: filter, RelationQuery.decode)
        let columns = try await session.collect(ColumnQuery.sql, binds: filter, ColumnQuery.decode)
        let constraints = try await session.collect(ConstraintQuery.sql, binds: filter, ConstraintQuery.decode)
        let indexes = try await session.collect(IndexQuery.sql, binds: filter, IndexQuery.decode)
        let triggers = try await session.collect(TriggerQuery.sql(serverVersion: Int(versionNumber)), binds: filter, TriggerQuery.decode)
        let viewDependencies = try await session.collect(ViewDependencyQuery.sql, binds: filter, ViewDependencyQuery.decode)
        let sequences = try await session.collect(SequenceQuery.sql, binds: filter, SequenceQuery.decode)
        let enums = try await session.collect(TypeQuery.enums, binds: filter, TypeQuery.decodeEnum)
        let domains = try await session.collect(TypeQuery.domains, binds: filter, TypeQuery.decodeDomain)
        let functions = try await session.collect(
            RoutineQuery.functions(serverVersion: Int(versionNumber)), binds: filter, RoutineQuery.decodeFunction)
        let extensions = try await session.collect(RoutineQuery.extensions, RoutineQuery.decodeExtension)

        let source = Catalog.Source(
            database: database, serverVersion: serverVersion, serverVersionNumber: Int(versionNumber),
            settings: Dictionary(settings, uniquingKeysWith: { first, _ in first }),
            schemaFilter: options.schemas.sorted(), discoveredAt: Date())
        var assembler = try CatalogAssembler(relations: relations, columns: columns)
        try assembler.attach(constraints: constraints)
        try assembler.attach(indexes: indexes)
        try assembler.attach(triggers: triggers)
        try assembler.attach(viewDependencies: viewDependencies)
        let (tables, views) = try assembler.finish()
        logger.debug("catalog assembled", metadata: ["columns": "\(columns.count)", "indexes": "\(indexes.count)"])
        return try Catalog(source: source, schemas: schemas, tables: tables, views: views, sequences: sequences,
                           enums: enums, domains: domains, functions: functions, extensions: extensions)
    }
}
