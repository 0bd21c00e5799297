import KeelCore
import PostgresNIO

/// Indexes of tables and materialized views in scope.
enum IndexQuery {
    struct Row {
        var relationOID: Int64
        var name: String
        var definition: String
        var method: String
        var keyCount: Int16
        var attributeNumbers: [Int16]
        /// Set only when some key is an expression: the printed form of every key.
        var keyTexts: [String]?
        var unique: Bool
        var primary: Bool
        var predicate: String?
        var valid: Bool
        var ready: Bool
        var constraint: String?
        var comment: String?
        var bytes: Int64
        var scans: Int64
    }

    // indkey is an int2vector (0-based), so it travels as text.
    // pg_get_indexdef(oid, n, true) is called only for indexes with expression keys; plain
    // column keys are resolved from the attribute numbers against the column query's result.
    static let sql: SQL = """
        SELECT i.indrelid::int8, ic.relname::text, pg_catalog.pg_get_indexdef(i.indexrelid), am.amname::text,
               i.indnkeyatts, i.indkey::text,
               CASE WHEN 0 = ANY (i.indkey::int2[]) THEN
                    ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
                          FROM generate_series(1, i.indnkeyatts) k ORDER BY k) END,
               i.indisunique, i.indisprimary, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),
               i.indisvalid, i.indisready, con.conname::text, d.description,
               pg_catalog.pg_relation_size(i.indexrelid), pg_catalog.pg_stat_get_numscans(i.indexrelid)
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

    static func decode(_ row: PostgresRow) throws -> Row {
        let (rel, name, definition, method, keyCount, attnums, keyTexts, unique, primary, predicate, valid, ready,
             constraint, comment, bytes, scans) = try row.decode(
            (Int64, String, String, String, Int16, String, [String]?, Bool, Bool, String?, Bool, Bool, String?,
             String?, Int64, Int64).self)
        return Row(relationOID: rel, name: name, definition: definition, method: method, keyCount: keyCount,
                   attributeNumbers: attnums.split(separator: " ").compactMap { Int16($0) }, keyTexts: keyTexts, unique: unique, primary: primary,
                   predicate: predicate, valid: valid, ready: ready, constraint: constraint, comment: comment,
                   bytes: bytes, scans: scans)
    }
}
