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

    static let sql: SQL = """
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
        WHERE con.conrelid <> 0
          AND \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_class'", oid: "c.oid"))
        """

    static func decode(_ row: PostgresRow) throws -> Row {
        let (rel, name, type, columns, definition, validated, deferrable, deferred, inherited, check, refSchema,
             refTable, refOID, refColumns, refNames, onDelete, onUpdate, match, index, comment) = try row.decode(
            (Int64, String, String, [Int16], String, Bool, Bool, Bool, Bool, String?, String?, String?, Int64, [Int16],
             [String]?, String, String, String, String?, String?).self)
        return Row(relationOID: rel, name: name, type: type, columnNumbers: columns, definition: definition,
                   validated: validated, deferrable: deferrable, deferred: deferred, inherited: inherited,
                   checkExpression: check, referencedSchema: refSchema, referencedTable: refTable,
                   referencedOID: refOID, referencedColumnNumbers: refColumns, referencedColumnNames: refNames,
                   onDelete: onDelete, onUpdate: onUpdate, match: match, index: index, comment: comment)
    }
}
