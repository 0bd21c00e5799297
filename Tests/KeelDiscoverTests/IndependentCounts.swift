import PostgresNIO
import KeelCore
import KeelPostgres

/// Object counts read straight from information_schema and pg_catalog, independently of the
/// discovery queries, to check a catalog against.
struct IndependentCounts: Equatable, CustomStringConvertible {
    var tables = 0
    var views = 0
    var materializedViews = 0
    var columnsOfTablesAndViews = 0
    var foreignKeys = 0
    var checks = 0
    var indexes = 0
    var triggers = 0
    var sequences = 0

    var description: String {
        "tables \(tables), views \(views), matviews \(materializedViews), columns \(columnsOfTablesAndViews), fks \(foreignKeys), checks \(checks), indexes \(indexes), triggers \(triggers), sequences \(sequences)"
    }

    static let userSchemas: SQL = "NOT IN ('pg_catalog', 'information_schema')"

    static func read(_ config: ConnectionConfig) async throws -> IndependentCounts {
        try await Session.with(config) { s in
            func count(_ sql: SQL) async throws -> Int {
                Int(try await s.one(sql) { try $0.decode(Int64.self) })
            }
            var c = IndependentCounts()
            c.tables = try await count("SELECT count(*) FROM information_schema.tables WHERE table_type IN ('BASE TABLE', 'FOREIGN') AND table_schema \(userSchemas)")
            c.views = try await count("SELECT count(*) FROM information_schema.views WHERE table_schema \(userSchemas)")
            c.materializedViews = try await count("SELECT count(*) FROM pg_matviews")
            c.columnsOfTablesAndViews = try await count("SELECT count(*) FROM information_schema.columns WHERE table_schema \(userSchemas)")
            c.foreignKeys = try await count("SELECT count(*) FROM information_schema.referential_constraints WHERE constraint_schema \(userSchemas)")
            c.checks = try await count("SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conrelid <> 0")
            c.indexes = try await count("SELECT count(*) FROM pg_indexes WHERE schemaname \(userSchemas)")
            c.triggers = try await count("SELECT count(DISTINCT (event_object_schema, event_object_table, trigger_name)) FROM information_schema.triggers")
            c.sequences = try await count("SELECT count(*) FROM pg_sequences WHERE schemaname \(userSchemas)")  // information_schema hides identity sequences
            return c
        }
    }

    init() {}

    init(_ catalog: Catalog) {
        tables = catalog.tables.count
        views = catalog.views.filter { !$0.materialized }.count
        materializedViews = catalog.views.filter(\.materialized).count
        columnsOfTablesAndViews = catalog.tables.reduce(0) { $0 + $1.columns.count }
            + catalog.views.filter { !$0.materialized }.reduce(0) { $0 + $1.columns.count }
        let constraints = catalog.tables.flatMap(\.constraints)
        foreignKeys = constraints.filter { $0.kind == .foreignKey }.count
        checks = constraints.filter { $0.kind == .check }.count
        indexes = catalog.tables.reduce(0) { $0 + $1.indexes.count } + catalog.views.reduce(0) { $0 + $1.indexes.count }
        triggers = catalog.tables.reduce(0) { $0 + $1.triggers.count }
        sequences = catalog.sequences.count
    }
}

/// Text bind parameters for ad-hoc test queries.
func bindings(_ values: String...) throws -> PostgresBindings {
    var binds = PostgresBindings()
    for value in values { binds.append(value) }
    return binds
}
