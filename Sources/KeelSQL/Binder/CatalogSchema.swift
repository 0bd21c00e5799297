public import Foundation
public import KeelCore

/// Table metadata from a `catalog.json` (``Catalog``, written by `keel discover`): its tables and
/// views (materialized too) with their columns in order.
///
/// Lookups follow PostgreSQL: a qualified name must match exactly, an unqualified one is searched
/// along the search path only.
public struct CatalogSchema: SchemaProvider {
    var tables: [TableIdentity: [String]] = [:]

    /// Creates the metadata of a catalog.
    /// - Parameter catalog: a discovered catalog.
    public init(_ catalog: Catalog) {
        for table in catalog.tables {
            tables[TableIdentity(schema: table.schema.name, name: table.name.name)] = table.columns.sorted { $0.position < $1.position }.map(\.name.name)
        }
        for view in catalog.views {
            tables[TableIdentity(schema: view.schema.name, name: view.name.name)] = view.columns.sorted { $0.position < $1.position }.map(\.name.name)
        }
    }

    /// Finds a table or view by schema and name, trying `searchPath` for unqualified names.
    public func lookup(_ table: TableIdentity, searchPath: [String]) -> (identity: TableIdentity, columns: [String])? {
        if let schema = table.schema {
            let key = TableIdentity(schema: schema, name: table.name)
            return tables[key].map { (key, $0) }
        }
        for schema in searchPath {
            let key = TableIdentity(schema: schema, name: table.name)
            if let columns = tables[key] { return (key, columns) }
        }
        return nil
    }
}

/// A `--schema-map` file that is not `{"schema.table": ["column", …], …}`.
public enum SchemaMapError: KeelError, Equatable {
    /// The file is not valid JSON of the expected shape.
    case malformed(path: String, reason: String)

    /// `sql.malformed-schema-map`.
    public var code: String { "sql.malformed-schema-map" }

    /// What is wrong, naming the file.
    public var message: String {
        switch self {
        case .malformed(let path, let reason): "\(path) is not a schema map: \(reason)"
        }
    }

    /// The expected shape.
    public var hint: String? { #"write a JSON object such as {"public.orders": ["id", "customer_id", "total"]}"# }
}

extension SchemaMap {
    /// Reads a schema map from JSON: an object whose keys are `"schema.table"` (or `"table"`) and whose
    /// values are the column names in order.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - path: the file's name, for errors.
    /// - Returns: the schema map.
    /// - Throws: ``SchemaMapError`` when the JSON is invalid or has another shape.
    public static func decode(_ data: Data, path: String) throws(SchemaMapError) -> SchemaMap {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .malformed(path: path, reason: "invalid JSON")
        }
        guard let entries = object as? [String: Any] else {
            throw .malformed(path: path, reason: "the top level must be an object")
        }
        var tables: [String: [String]] = [:]
        for (key, value) in entries {
            guard !key.isEmpty, !key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
                throw .malformed(path: path, reason: "\"\(key)\" is not a table name")
            }
            guard let columns = value as? [Any] else {
                throw .malformed(path: path, reason: "the value of \"\(key)\" must be an array of column names")
            }
            var names: [String] = []
            for column in columns {
                guard let name = column as? String, !name.isEmpty else {
                    throw .malformed(path: path, reason: "the columns of \"\(key)\" must be non-empty strings")
                }
                names.append(name)
            }
            tables[key] = names
        }
        return SchemaMap(tables)
    }
}
