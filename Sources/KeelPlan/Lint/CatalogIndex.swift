import KeelCore
import KeelSQL

/// A catalog with lookups by name, built once per lint run.
struct CatalogIndex: Sendable {
    let catalog: Catalog
    let tables: [TableKey: Catalog.Table]
    let views: [TableKey: Catalog.View]
    let domains: [TableKey: Catalog.Domain]
    /// Functions by lower-case name (all schemas, all overloads).
    let functions: [String: [Catalog.Function]]

    init(_ catalog: Catalog) {
        self.catalog = catalog
        var tables: [TableKey: Catalog.Table] = [:]
        for table in catalog.tables { tables[TableKey(table.qualifiedName)] = table }
        self.tables = tables
        var views: [TableKey: Catalog.View] = [:]
        for view in catalog.views { views[TableKey(view.qualifiedName)] = view }
        self.views = views
        var domains: [TableKey: Catalog.Domain] = [:]
        for domain in catalog.domains { domains[TableKey(domain.qualifiedName)] = domain }
        self.domains = domains
        var functions: [String: [Catalog.Function]] = [:]
        for function in catalog.functions { functions[function.name.name, default: []].append(function) }
        self.functions = functions
    }

    /// Whether a relation (table or view) of this name exists in `schema`.
    func hasRelation(schema: String, name: String) -> Bool {
        let key = TableKey(schema: schema, name: name)
        return tables[key] != nil || views[key] != nil
    }

    /// The server's major version, when the catalog says.
    var majorVersion: Int? { catalog.source?.majorVersion }

    /// Whether the server's `TimeZone` is UTC (then `timestamp` → `timestamptz` needs no rewrite on PG12+).
    var timeZoneIsUTC: Bool {
        guard let zone = catalog.source?.settings["TimeZone"] ?? catalog.source?.settings["timezone"] else { return false }
        return ["utc", "etc/utc", "gmt", "etc/gmt", "universal", "zulu", "etc/universal", "etc/zulu", "uct", "etc/uct"]
            .contains(zone.lowercased())
    }

    /// Views that read `column` of `table` (from pg_depend), by qualified name.
    func views(reading table: TableKey, column: String?) -> [String] {
        catalog.views.filter { view in
            if let column {
                return view.dependencies.contains { $0.schema.name == table.schema && $0.table.name == table.name && $0.column.name == column }
            }
            return view.relationDependencies.contains { TableKey($0) == table }
                || view.dependencies.contains { $0.schema.name == table.schema && $0.table.name == table.name }
        }.map { TableKey($0.qualifiedName).display }.sorted()
    }

    /// Tables with a foreign key referencing `table`.
    func referencingTables(_ table: TableKey) -> [String] {
        catalog.tables.filter { candidate in
            candidate.constraints.contains { $0.foreignKey.map { TableKey($0.referencedTable) == table } ?? false }
        }.map { TableKey($0.qualifiedName).display }.sorted()
    }
}

extension Catalog.Table {
    /// The estimated number of rows, or `nil` when the table was never analyzed.
    var rowEstimate: Int64? { stats?.rowEstimate }

    /// Whether the last ANALYZE or VACUUM saw no rows at all.
    var isKnownEmpty: Bool { stats?.rowEstimate == 0 }
}
