/// A table as the binder identifies it: case-folded catalog, schema and name.
public struct TableIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The database or project, if given.
    public var catalog: String?
    /// The schema; `nil` when neither the query nor the metadata says.
    public var schema: String?
    /// The table's name.
    public var name: String

    /// Creates an identity.
    public init(catalog: String? = nil, schema: String?, name: String) {
        self.catalog = catalog
        self.schema = schema
        self.name = name
    }

    /// Creates an identity from a parsed name.
    public init(_ name: ObjectName) {
        self.init(catalog: name.catalog?.value, schema: name.schema?.value, name: name.name.value)
    }

    /// `schema.name`, or `name`.
    public var description: String {
        [catalog, schema, name].compactMap { $0 }.joined(separator: ".")
    }
}

/// Table metadata the binder asks for: the ordered columns of a table.
///
/// `catalog.json` (discovery) and `--schema-map` files both provide it; tests use ``SchemaMap``.
public protocol SchemaProvider: Sendable {
    /// The table's columns in order, and its resolved identity, or `nil` when the table is unknown.
    /// - Parameters:
    ///   - table: the table as written (schema may be `nil`).
    ///   - searchPath: schemas to try, in order, when the table is unqualified.
    func lookup(_ table: TableIdentity, searchPath: [String]) -> (identity: TableIdentity, columns: [String])?
}

/// A simple in-memory schema: `{"schema.table": ["col", …]}`, the shape of `--schema-map`.
///
/// Keys without a schema (`"orders"`) match the table in any schema. Names are matched as given;
/// write them the way PostgreSQL stores them (unquoted names in lower case).
public struct SchemaMap: SchemaProvider {
    var tables: [TableIdentity: [String]] = [:]
    var byName: [String: [TableIdentity]] = [:]

    /// Creates a schema map from `"schema.table"` (or `"table"`) keys to column lists.
    public init(_ tables: [String: [String]]) {
        for (key, columns) in tables.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let identity: TableIdentity
            switch parts.count {
            case 1: identity = TableIdentity(schema: nil, name: parts[0])
            case 2: identity = TableIdentity(schema: parts[0], name: parts[1])
            default: identity = TableIdentity(catalog: parts[parts.count - 3], schema: parts[parts.count - 2], name: parts[parts.count - 1])
            }
            self.tables[identity] = columns
            byName[identity.name, default: []].append(identity)
        }
    }

    /// Finds a table by schema and name, trying `searchPath` for unqualified names, then schema-less keys.
    public func lookup(_ table: TableIdentity, searchPath: [String]) -> (identity: TableIdentity, columns: [String])? {
        let candidates = byName[table.name] ?? []
        if let schema = table.schema {
            if let match = candidates.first(where: { $0.schema == schema && (table.catalog == nil || $0.catalog == nil || $0.catalog == table.catalog) }) {
                return (match, tables[match] ?? [])
            }
            if let loose = candidates.first(where: { $0.schema == nil }) {
                return (TableIdentity(catalog: table.catalog, schema: schema, name: table.name), tables[loose] ?? [])
            }
            return nil
        }
        for schema in searchPath {
            if let match = candidates.first(where: { $0.schema == schema }) { return (match, tables[match] ?? []) }
        }
        if let loose = candidates.first(where: { $0.schema == nil }) {
            return (TableIdentity(schema: searchPath.first, name: table.name), tables[loose] ?? [])
        }
        if candidates.count == 1, let only = candidates.first { return (only, tables[only] ?? []) }
        return nil
    }
}
