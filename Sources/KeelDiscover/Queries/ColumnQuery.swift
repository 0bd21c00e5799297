import KeelCore
import PostgresNIO

/// Columns of every relation in scope, with defaults and the volatility of what the default calls.
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
        var defaultExpression: String?
        var defaultVolatility: Int32
        var collation: String?
        var comment: String?
    }

    // Built-in functions are "pinned", so pg_depend records nothing for `now()` or `random()`.
    // The stored expression tree (adbin) names every function and operator it calls, so the
    // volatility is read from there: funcid/opfuncid → pg_proc, opno → pg_operator.oprcode,
    // resulttype → the type's input function (CoerceViaIO, as in `'now'::text::date`),
    // NEXTVALUEEXPR (identity) is volatile and SQLVALUEFUNCTION (CURRENT_TIMESTAMP, …) stable.
    static let sql: SQL = """
        SELECT a.attrelid::int8, a.attname::text, a.attnum, pg_catalog.format_type(a.atttypid, a.atttypmod),
               t.typtype::text, t.typcategory = 'A', a.attnotnull, a.attidentity::text, a.attgenerated::text,
               pg_catalog.pg_get_expr(ad.adbin, ad.adrelid),
               CASE WHEN ad.oid IS NULL THEN 0 ELSE GREATEST(
                   CASE WHEN ad.adbin::text LIKE '%{NEXTVALUEEXPR%' THEN 2
                        WHEN ad.adbin::text LIKE '%{SQLVALUEFUNCTION%' THEN 1 ELSE 0 END,
                   (SELECT COALESCE(max(CASE p.provolatile WHEN 'v' THEN 2 WHEN 's' THEN 1 ELSE 0 END), 0)
                    FROM regexp_matches(ad.adbin::text, ':(funcid|opfuncid|opno|resulttype) ([0-9]+)', 'g') AS m(x)
                    JOIN pg_catalog.pg_proc p ON p.oid = CASE m.x[1]
                         WHEN 'opno' THEN (SELECT o.oprcode::oid FROM pg_catalog.pg_operator o WHERE o.oid = m.x[2]::oid)
                         WHEN 'resulttype' THEN (SELECT t2.typinput::oid FROM pg_catalog.pg_type t2 WHERE t2.oid = m.x[2]::oid)
                         ELSE m.x[2]::oid END)) END::int4,
               CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               d.description
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
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
        let (rel, name, position, type, typtype, isArray, notNull, identity, generated, defaultExpr, volatility,
             collation, comment) = try row.decode(
            (Int64, String, Int16, String, String, Bool, Bool, String, String, String?, Int32, String?, String?).self)
        return Row(relationOID: rel, name: name, position: position, type: type, typeKind: typtype, isArray: isArray,
                   notNull: notNull, identity: identity, generated: generated, defaultExpression: defaultExpr,
                   defaultVolatility: volatility, collation: collation, comment: comment)
    }
}
