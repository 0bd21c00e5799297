import KeelCore
import PostgresNIO

/// What each view's rewrite rule depends on, column by column, from pg_depend.
enum ViewDependencyQuery {
    struct Row {
        var viewOID: Int64
        var schema: String
        var relation: String
        /// nil for a dependency on the relation as a whole.
        var column: String?
    }

    static let sql: SQL = """
        SELECT DISTINCT r.ev_class::int8, rn.nspname::text, rc.relname::text, a.attname::text
        FROM pg_catalog.pg_rewrite r
        JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
        JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace
        JOIN pg_catalog.pg_depend dep
             ON dep.classid = 'pg_catalog.pg_rewrite'::regclass AND dep.objid = r.oid
            AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjid <> r.ev_class
        JOIN pg_catalog.pg_class rc ON rc.oid = dep.refobjid
        JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
        LEFT JOIN pg_catalog.pg_attribute a
               ON dep.refobjsubid > 0 AND a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
        WHERE v.relkind IN ('v', 'm')
          AND \(CatalogScope.schemaFilter)
        """

    static func decode(_ row: PostgresRow) throws -> Row {
        let (view, schema, relation, column) = try row.decode((Int64, String, String, String?).self)
        return Row(viewOID: view, schema: schema, relation: relation, column: column)
    }
}
