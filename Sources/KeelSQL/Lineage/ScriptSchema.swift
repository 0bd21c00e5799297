/// Table metadata that grows as a script runs: tables and views the script creates (or alters) are
/// visible to later statements, on top of the base metadata; dropped ones disappear.
public struct ScriptSchema: SchemaProvider {
    /// The schema PostgreSQL gives temporary tables; it is searched first, as PostgreSQL does.
    public static let temporarySchema = "pg_temp"

    let base: any SchemaProvider
    var created: [TableIdentity: [String]] = [:]
    var dropped: Set<TableIdentity> = []

    /// Creates an overlay on `base`.
    public init(base: any SchemaProvider) {
        self.base = base
    }

    /// Finds a table: created by the script first, then in the base metadata.
    public func lookup(_ table: TableIdentity, searchPath: [String]) -> (identity: TableIdentity, columns: [String])? {
        if created.isEmpty && dropped.isEmpty { return base.lookup(table, searchPath: searchPath) }
        if let schema = table.schema {
            let key = TableIdentity(schema: schema, name: table.name)
            if let columns = created[key] { return (key, columns) }
            if dropped.contains(key) { return nil }
            return base.lookup(table, searchPath: searchPath)
        }
        for schema in [Self.temporarySchema] + searchPath {
            let key = TableIdentity(schema: schema, name: table.name)
            if let columns = created[key] { return (key, columns) }
            if dropped.contains(key) { continue }
            if schema != Self.temporarySchema, let found = base.lookup(key, searchPath: []), found.identity.schema == schema {
                return found
            }
        }
        guard let found = base.lookup(table, searchPath: searchPath), !dropped.contains(TableIdentity(schema: found.identity.schema, name: found.identity.name)) else {
            return nil
        }
        return found
    }

    /// Records a table or view the script creates (or replaces).
    public mutating func create(_ table: TableIdentity, columns: [String]) {
        let key = TableIdentity(schema: table.schema, name: table.name)
        created[key] = columns
        dropped.remove(key)
    }

    /// Records a table or view the script drops.
    public mutating func drop(_ table: TableIdentity) {
        let key = TableIdentity(schema: table.schema, name: table.name)
        created[key] = nil
        dropped.insert(key)
    }
}
