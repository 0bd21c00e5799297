import KeelCore
import PostgresNIO

/// Enum and domain types in scope.
enum TypeQuery {
    static let enums: SQL = """
        SELECT n.nspname::text, t.typname::text,
               ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
               d.description
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_catalog.pg_description d
               ON d.classoid = 'pg_catalog.pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
        WHERE t.typtype = 'e'
          AND \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_type'", oid: "t.oid"))
        """

    static func decodeEnum(_ row: PostgresRow) throws -> Catalog.EnumType {
        let (schema, name, labels, comment) = try row.decode((String, String, [String], String?).self)
        return Catalog.EnumType(schema: try Identifier(schema), name: try Identifier(name), labels: labels, comment: comment)
    }

    static let domains: SQL = """
        SELECT n.nspname::text, t.typname::text, pg_catalog.format_type(t.typbasetype, t.typtypmod), NOT t.typnotnull,
               t.typdefault,
               ARRAY(SELECT con.conname::text FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid ORDER BY con.conname),
               ARRAY(SELECT pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid ORDER BY con.conname),
               ARRAY(SELECT con.convalidated FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid ORDER BY con.conname),
               d.description
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_catalog.pg_description d
               ON d.classoid = 'pg_catalog.pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
        WHERE t.typtype = 'd'
          AND \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_type'", oid: "t.oid"))
        """

    static func decodeDomain(_ row: PostgresRow) throws -> Catalog.Domain {
        let (schema, name, baseType, nullable, defaultValue, names, definitions, validated, comment) = try row.decode(
            (String, String, String, Bool, String?, [String], [String], [Bool], String?).self)
        var constraints: [Catalog.DomainConstraint] = []
        for (i, constraintName) in names.enumerated() where i < definitions.count && i < validated.count {
            constraints.append(Catalog.DomainConstraint(
                name: try Identifier(constraintName), definition: definitions[i], validated: validated[i]))
        }
        return Catalog.Domain(schema: try Identifier(schema), name: try Identifier(name), baseType: baseType,
                              nullable: nullable, default: defaultValue, constraints: constraints, comment: comment)
    }
}
