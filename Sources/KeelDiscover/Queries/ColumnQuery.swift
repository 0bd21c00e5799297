import KeelCore
import PostgresNIO

/// Columns of every relation in scope (defaults come from ``DefaultQuery``).
enum ColumnQuery {
    struct Row {
        var relationOID: Int64
        var name: String
        var position: Int16
        var type: String
        var typeKind: String
        var isArray: Bool
        var notNull: Bool
        var identity: String
        var generated: String
        var collation: String?
        var comment: String?
        var typeOID: Int64
        var collationOID: Int64
    }

    static let sql: SQL = """
        SELECT a.attrelid::int8, a.attname::text, a.attnum, pg_catalog.format_type(a.atttypid, a.atttypmod),
               t.typtype::text, t.typcategory = 'A', a.attnotnull, a.attidentity::text, a.attgenerated::text,
               CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               d.description, a.atttypid::int8, a.attcollation::int8
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
        LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
        LEFT JOIN pg_catalog.pg_description d
               ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = a.attrelid AND d.objsubid = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped
          AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
          AND \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_class'", oid: "c.oid"))
        """

    static func decode(_ row: PostgresRow) throws -> Row {
        var r = RowReader(row)
        return Row(relationOID: try r.int64(), name: try r.string(), position: try r.int16(), type: try r.string(),
                   typeKind: try r.string(), isArray: try r.bool(), notNull: try r.bool(), identity: try r.string(),
                   generated: try r.string(), collation: try r.optionalString(), comment: try r.optionalString(),
                   typeOID: try r.int64(), collationOID: try r.int64())
    }
}
