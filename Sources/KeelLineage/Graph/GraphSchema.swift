import KeelSQL

/// The table metadata the builder hands KeelSQL: the catalog's tables and views, then every dbt model
/// and task output as the builder learns its columns.
struct GraphSchema: SchemaProvider {
    var tables: [RelationKey: [String]] = [:]

    func lookup(_ table: TableIdentity, searchPath: [String]) -> (identity: TableIdentity, columns: [String])? {
        if let schema = table.schema {
            let key = RelationKey(schema: schema, name: table.name)
            return tables[key].map { (TableIdentity(schema: schema, name: table.name), $0) }
        }
        for schema in searchPath {
            if let columns = tables[RelationKey(schema: schema, name: table.name)] {
                return (TableIdentity(schema: schema, name: table.name), columns)
            }
        }
        return nil
    }
}
