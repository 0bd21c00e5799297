import KeelCore
import PostgresNIO

/// Indexes of tables and materialized views in scope.
///
/// `pg_get_indexdef` costs tens of microseconds per index (it looks up the default operator
/// class of every key), the largest single cost of discovering a big catalog. So the query
/// returns an index's parts, and ``IndexDefinition`` prints the plain ones itself — every key a
/// column with its type's own default operator class, default collation and order, no
/// expressions, options or NULLS NOT DISTINCT, with the predicate (if any) as `pg_get_expr`
/// prints it. The rest are printed by the server in one follow-up query (``definitions``).
enum IndexQuery {
    struct Row {
        var oid: Int64
        var relationOID: Int64
        var name: String
        var method: String
        var keyCount: Int16
        var attributeNumbers: [Int16]
        var operatorClasses: [Int64]
        var options: [Int16]
        var collations: [Int64]
        /// Expressions, storage options, NULLS NOT DISTINCT or a partitioned index:
        /// anything ``IndexDefinition`` leaves to the server.
        var needsServerDefinition: Bool
        /// Set only when some key is an expression: the printed form of every key.
        var keyTexts: [String]?
        var unique: Bool
        var primary: Bool
        var predicate: String?
        /// The predicate as `pg_get_indexdef` prints it (not pretty-printed).
        var predicateDefinition: String?
        var valid: Bool
        var ready: Bool
        var constraint: String?
        var comment: String?
        var bytes: Int64
        var scans: Int64
    }

    // indkey, indclass, indoption and indcollation are 0-based vectors, so they travel as text.
    static func sql(serverVersion: Int) -> SQL {
        let nullsNotDistinct: SQL = serverVersion >= 150000 ? "OR i.indnullsnotdistinct" : ""
        return """
            SELECT i.indexrelid::int8, i.indrelid::int8, ic.relname::text, am.amname::text,
                   i.indnkeyatts, i.indkey::text, i.indclass::text, i.indoption::text, i.indcollation::text,
                   (i.indexprs IS NOT NULL OR ic.reloptions IS NOT NULL
                    OR ic.relkind <> 'i' \(nullsNotDistinct)),
                   CASE WHEN i.indexprs IS NOT NULL THEN
                        ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
                              FROM generate_series(1, i.indnkeyatts) k ORDER BY k) END,
                   i.indisunique, i.indisprimary, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),
                   pg_catalog.pg_get_expr(i.indpred, i.indrelid),
                   i.indisvalid, i.indisready, con.conname::text, d.description,
                   ic.relpages::int8 * current_setting('block_size')::int8, pg_catalog.pg_stat_get_numscans(i.indexrelid)
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_am am ON am.oid = ic.relam
            LEFT JOIN pg_catalog.pg_constraint con
                   ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
            LEFT JOIN pg_catalog.pg_description d
                   ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = i.indexrelid AND d.objsubid = 0
            WHERE c.relkind IN ('r', 'p', 'm')
              AND \(CatalogScope.schemaFilter)
              AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_class'", oid: "c.oid"))
            """
    }

    static func decode(_ row: PostgresRow) throws -> Row {
        var r = RowReader(row)
        func numbers<T: FixedWidthInteger>(_ text: String) -> [T] { text.split(separator: " ").compactMap { T($0) } }
        return Row(oid: try r.int64(), relationOID: try r.int64(), name: try r.string(), method: try r.string(),
                   keyCount: try r.int16(), attributeNumbers: numbers(try r.string()), operatorClasses: numbers(try r.string()),
                   options: numbers(try r.string()), collations: numbers(try r.string()),
                   needsServerDefinition: try r.bool(), keyTexts: try r.optionalStringArray(), unique: try r.bool(),
                   primary: try r.bool(), predicate: try r.optionalString(), predicateDefinition: try r.optionalString(),
                   valid: try r.bool(), ready: try r.bool(), constraint: try r.optionalString(),
                   comment: try r.optionalString(), bytes: try r.int64(), scans: try r.int64())
    }

    /// Every operator class: which type it is for and whether it is that type's default.
    static let operatorClasses: SQL = "SELECT oid::int8, opcintype::int8, opcdefault FROM pg_catalog.pg_opclass"

    static func decodeOperatorClass(_ row: PostgresRow) throws -> (oid: Int64, type: Int64, isDefault: Bool) {
        let (oid, type, isDefault) = try row.decode((Int64, Int64, Bool).self)
        return (oid, type, isDefault)
    }

    /// The server's own definitions of the indexes ``IndexDefinition`` does not print.
    static let definitions: SQL = """
        SELECT x, pg_catalog.pg_get_indexdef(x::oid) FROM unnest($1::int8[]) x
        """

    static func decodeDefinition(_ row: PostgresRow) throws -> (oid: Int64, definition: String) {
        let (oid, definition) = try row.decode((Int64, String).self)
        return (oid, definition)
    }
}

/// Prints `CREATE INDEX` statements exactly as `pg_get_indexdef` does, for plain indexes.
enum IndexDefinition {
    struct Column {
        var name: Identifier
        var type: Int64
        var collation: Int64
    }

    /// The definition, or nil when the index is not plain and the server must print it.
    static func plain(
        _ row: IndexQuery.Row, schema: Identifier, table: Identifier, columns: [Int16: Column],
        defaultOperatorClasses: [Int64: Int64]
    ) -> String? {
        guard !row.needsServerDefinition,
              row.operatorClasses.count == Int(row.keyCount), row.options.count == Int(row.keyCount),
              row.collations.count == Int(row.keyCount)
        else { return nil }
        var keys: [String] = []
        var include: [String] = []
        for (position, attnum) in row.attributeNumbers.enumerated() {
            guard attnum > 0, let column = columns[attnum] else { return nil }
            if position < Int(row.keyCount) {
                // pg_get_indexdef names an operator class, order or collation only when it is not
                // the default; a plain index has none. (Binary-coercible defaults, such as
                // text_ops on varchar, are left to the server.)
                guard defaultOperatorClasses[row.operatorClasses[position]] == column.type,
                      row.options[position] == 0,
                      row.collations[position] == 0 || row.collations[position] == column.collation
                else { return nil }
                keys.append(column.name.display)
            } else {
                include.append(column.name.display)
            }
        }
        let method = (try? Identifier(row.method))?.display ?? row.method
        let name = (try? Identifier(row.name))?.display ?? row.name
        var text = "CREATE \(row.unique ? "UNIQUE " : "")INDEX \(name) ON \(schema.display).\(table.display) USING \(method) ("
        text += keys.joined(separator: ", ") + ")"
        if !include.isEmpty { text += " INCLUDE (" + include.joined(separator: ", ") + ")" }
        if let predicate = row.predicateDefinition { text += " WHERE " + predicate }
        return text
    }
}
