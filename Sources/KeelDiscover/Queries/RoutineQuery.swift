import KeelCore
import PostgresNIO

/// Schemas, functions and extensions.
enum RoutineQuery {
    static let schemas: SQL = """
        SELECT n.nspname::text, d.description
        FROM pg_catalog.pg_namespace n
        LEFT JOIN pg_catalog.pg_description d
               ON d.classoid = 'pg_catalog.pg_namespace'::regclass AND d.objoid = n.oid AND d.objsubid = 0
        WHERE \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_namespace'", oid: "n.oid"))
        """

    static func decodeSchema(_ row: PostgresRow) throws -> Catalog.Schema {
        let (name, comment) = try row.decode((String, String?).self)
        return Catalog.Schema(name: try Identifier(name), comment: comment)
    }

    static func functions(serverVersion: Int) -> SQL {
        // prokind exists from PostgreSQL 11.
        let kind: SQL = serverVersion >= 110000 ? "p.prokind::text" : "CASE WHEN p.proisagg THEN 'a' ELSE 'f' END"
        return """
            SELECT n.nspname::text, p.proname::text, pg_catalog.pg_get_function_identity_arguments(p.oid),
                   CASE WHEN \(kind) <> 'p' THEN pg_catalog.pg_get_function_result(p.oid) END, \(kind),
                   l.lanname::text, p.provolatile::text, p.prosecdef, d.description
            FROM pg_catalog.pg_proc p
            JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_catalog.pg_language l ON l.oid = p.prolang
            LEFT JOIN pg_catalog.pg_description d
                   ON d.classoid = 'pg_catalog.pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
            WHERE \(CatalogScope.schemaFilter)
              AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_proc'", oid: "p.oid"))
            """
    }

    static func decodeFunction(_ row: PostgresRow) throws -> Catalog.Function {
        let (schema, name, arguments, returns, kind, language, volatility, securityDefiner, comment) = try row.decode(
            (String, String, String, String?, String, String, String, Bool, String?).self)
        let functionKind: Catalog.FunctionKind = switch kind {
        case "p": .procedure
        case "a": .aggregate
        case "w": .window
        default: .function
        }
        return Catalog.Function(schema: try Identifier(schema), name: try Identifier(name), arguments: arguments,
                                returns: returns, kind: functionKind, language: language,
                                volatility: Decode.volatility(volatility), securityDefiner: securityDefiner,
                                comment: comment)
    }

    static let extensions: SQL = """
        SELECT e.extname::text, e.extversion, n.nspname::text, d.description
        FROM pg_catalog.pg_extension e
        JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
        LEFT JOIN pg_catalog.pg_description d
               ON d.classoid = 'pg_catalog.pg_extension'::regclass AND d.objoid = e.oid AND d.objsubid = 0
        """

    static func decodeExtension(_ row: PostgresRow) throws -> Catalog.Extension {
        let (name, version, schema, comment) = try row.decode((String, String, String, String?).self)
        return Catalog.Extension(name: name, version: version, schema: try Identifier(schema), comment: comment)
    }
}
