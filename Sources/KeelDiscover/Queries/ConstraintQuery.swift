import KeelCore
import PostgresNIO

/// Primary keys, foreign keys, unique, check and exclusion constraints of tables in scope.
enum ConstraintQuery {
    struct Row {
        var relationOID: Int64
        var name: String
        var type: String
        /// Attribute numbers of the constrained columns, resolved to names by the assembler.
        var columnNumbers: [Int16]
        var definition: String
        var validated: Bool
        var deferrable: Bool
        var deferred: Bool
        var inherited: Bool
        var checkExpression: String?
        var referencedSchema: String?
        var referencedTable: String?
        var referencedOID: Int64
        var referencedColumnNumbers: [Int16]
        /// Names of the referenced columns, sent only when the referenced table is out of scope.
        var referencedColumnNames: [String]?
        var onDelete: String
        var onUpdate: String
        var match: String
        var index: String?
        var comment: String?
    }

    /// Kinds whose definition the server prints with an expression, which opens the table
    /// (check and exclusion constraints); the others only name columns.
    static let expressionKinds: SQL = "con.contype IN ('c', 'x')"

    /// Constraints whose kind is (`expressions`) or is not in ``expressionKinds``: two halves of
    /// one query, so that only the first runs in the lane that opens tables.
    static func sql(expressions: Bool) -> SQL {
        let kinds: SQL = expressions ? expressionKinds : "NOT \(expressionKinds)"
        return """
        SELECT con.conrelid::int8, con.conname::text, con.contype::text, COALESCE(con.conkey, '{}'),
               pg_catalog.pg_get_constraintdef(con.oid), con.convalidated, con.condeferrable, con.condeferred,
               con.coninhcount > 0,
               CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid, true) END,
               fn.nspname::text, fc.relname::text, con.confrelid::int8, COALESCE(con.confkey, '{}'),
               CASE WHEN con.contype = 'f' AND NOT \(CatalogScope.inScope("fn")) THEN
                    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) END,
               con.confdeltype::text, con.confupdtype::text, con.confmatchtype::text,
               CASE WHEN con.contype IN ('p', 'u', 'x') THEN ic.relname::text END,
               d.description
        FROM pg_catalog.pg_constraint con
        JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
        LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
        LEFT JOIN pg_catalog.pg_class ic ON ic.oid = con.conindid
        LEFT JOIN pg_catalog.pg_description d
               ON d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objoid = con.oid AND d.objsubid = 0
        WHERE con.conrelid <> 0 AND \(kinds)
          AND \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_class'", oid: "c.oid"))
        """
    }

    static func decode(_ row: PostgresRow) throws -> Row {
        var r = RowReader(row)
        return Row(relationOID: try r.int64(), name: try r.string(), type: try r.string(), columnNumbers: try r.int16Array(),
                   definition: try r.string(), validated: try r.bool(), deferrable: try r.bool(), deferred: try r.bool(),
                   inherited: try r.bool(), checkExpression: try r.optionalString(), referencedSchema: try r.optionalString(),
                   referencedTable: try r.optionalString(), referencedOID: try r.int64(),
                   referencedColumnNumbers: try r.int16Array(), referencedColumnNames: try r.optionalStringArray(),
                   onDelete: try r.string(), onUpdate: try r.string(), match: try r.string(), index: try r.optionalString(),
                   comment: try r.optionalString())
    }
}
