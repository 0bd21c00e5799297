import KeelCore
import PostgresNIO

/// User triggers (internal FK triggers excluded) of tables and views in scope.
enum TriggerQuery {
    struct Row {
        var relationOID: Int64
        var name: String
        var functionSchema: String
        var functionName: String
        var type: Int32
        var enabled: String
        var isConstraint: Bool
        var inherited: Bool
        var definition: String
        var comment: String?
    }

    /// `tgparentid` exists from PostgreSQL 13.
    static func sql(serverVersion: Int) -> SQL {
        let inherited: SQL = serverVersion >= 130000 ? "t.tgparentid <> 0" : "false"
        return """
            SELECT t.tgrelid::int8, t.tgname::text, pn.nspname::text, p.proname::text, t.tgtype::int4,
                   t.tgenabled::text, t.tgconstraint <> 0, \(inherited), pg_catalog.pg_get_triggerdef(t.oid),
                   d.description
            FROM pg_catalog.pg_trigger t
            JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
            JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
            LEFT JOIN pg_catalog.pg_description d
                   ON d.classoid = 'pg_catalog.pg_trigger'::regclass AND d.objoid = t.oid AND d.objsubid = 0
            WHERE NOT t.tgisinternal
              AND \(CatalogScope.schemaFilter)
              AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_class'", oid: "c.oid"))
            """
    }

    static func decode(_ row: PostgresRow) throws -> Row {
        let (rel, name, fnSchema, fnName, type, enabled, isConstraint, inherited, definition, comment) = try row.decode(
            (Int64, String, String, String, Int32, String, Bool, Bool, String, String?).self)
        return Row(relationOID: rel, name: name, functionSchema: fnSchema, functionName: fnName, type: type,
                   enabled: enabled, isConstraint: isConstraint, inherited: inherited, definition: definition,
                   comment: comment)
    }
}
