import KeelCore
import PostgresNIO

/// Sequences and the column owning each (OWNED BY, serial or identity).
enum SequenceQuery {
    static let sql: SQL = """
        SELECT n.nspname::text, c.relname::text, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart,
               s.seqincrement, s.seqmin, s.seqmax, s.seqcycle, own.nspname::text, own.relname::text,
               own.attname::text, d.description
        FROM pg_catalog.pg_sequence s
        JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN (
            SELECT DISTINCT ON (dep.objid) dep.objid, on_.nspname, oc.relname, oa.attname
            FROM pg_catalog.pg_depend dep
            JOIN pg_catalog.pg_class sc ON sc.oid = dep.objid AND sc.relkind = 'S'
            JOIN pg_catalog.pg_class oc ON oc.oid = dep.refobjid
            JOIN pg_catalog.pg_namespace on_ ON on_.oid = oc.relnamespace
            JOIN pg_catalog.pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
            WHERE dep.classid = 'pg_catalog.pg_class'::regclass
              AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjsubid > 0
              AND dep.deptype IN ('a', 'i')
            ORDER BY dep.objid, dep.refobjid
        ) own ON own.objid = c.oid
        LEFT JOIN pg_catalog.pg_description d
               ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
        WHERE \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_class'", oid: "c.oid"))
        """

    static func decode(_ row: PostgresRow) throws -> Catalog.Sequence {
        let (schema, name, type, start, increment, minimum, maximum, cycles, ownerSchema, ownerTable, ownerColumn,
             comment) = try row.decode(
            (String, String, String, Int64, Int64, Int64, Int64, Bool, String?, String?, String?, String?).self)
        var owner: Catalog.ColumnReference?
        if let ownerSchema, let ownerTable, let ownerColumn {
            owner = Catalog.ColumnReference(schema: try Identifier(ownerSchema), table: try Identifier(ownerTable),
                                            column: try Identifier(ownerColumn))
        }
        return Catalog.Sequence(schema: try Identifier(schema), name: try Identifier(name), type: type, start: start,
                                increment: increment, minimum: minimum, maximum: maximum, cycles: cycles,
                                ownedBy: owner, comment: comment)
    }
}
