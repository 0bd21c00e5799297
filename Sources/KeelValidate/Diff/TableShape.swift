import KeelCore
import KeelPostgres
import PostgresNIO

/// What the diff needs to know about one table, read from the catalog in two queries.
struct TableShape: Sendable {
    struct Column: Sendable {
        var name: Identifier
        /// `format_type(atttypid, atttypmod)`, for reports.
        var typeDisplay: String
        var typeOID: UInt32
        /// The type's schema and name, for casts (`$1::"pg_catalog"."int8"`).
        var typeName: QualifiedName
        /// pg_type.typcategory of the (base) type: "N" numeric, "S" string, …
        var category: String
        var notNull: Bool
        /// Has an `=` operator taking exactly this type on both sides, so values compare natively.
        var hasEquality: Bool
        /// Collatable and not already byte-ordered ("C"): key ranges add `COLLATE "C"`.
        var needsByteCollation: Bool
    }

    var name: QualifiedName
    var columns: [Column]
    /// Sets of column names that a valid, non-partial unique index covers.
    var uniqueKeys: [Set<Identifier>]
    /// A plain table or materialized view, which TABLESAMPLE accepts.
    var sampleable: Bool

    func column(_ name: Identifier) -> Column? { columns.first { $0.name == name } }

    /// Whether `key` identifies rows: NOT NULL columns that contain a unique index's columns.
    func keyIsUnique(_ key: [Identifier]) -> Bool {
        let keySet = Set(key)
        guard key.allSatisfy({ column($0)?.notNull == true }) else { return false }
        return uniqueKeys.contains { !$0.isEmpty && $0.isSubset(of: keySet) }
    }

    /// Reads the table's columns and unique indexes.
    /// - Throws: ``DiffError/unknownTable(name:database:)`` when it does not exist.
    static func load(_ reference: TableReference, session: Session) async throws -> TableShape {
        let found = try await session.collect("""
            SELECT c.oid::int8, n.nspname::text, c.relname::text, c.relkind::text
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = pg_catalog.to_regclass($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """, binds: bindings(reference.sql.text)) { row in
            try row.decode((Int64, String, String, String).self)
        }
        guard let first = found.first else {
            throw DiffError.unknownTable(name: reference.description, database: session.config.database)
        }
        let (oid, schema, relname, relkind) = first
        let name = try QualifiedName(schema: schema, name: relname)
        let columns = try await session.collect("""
            SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), a.atttypid::int8,
                   tn.nspname::text, t.typname::text, bt.typcategory::text, a.attnotnull,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_operator o
                           WHERE o.oprname = '=' AND o.oprleft = a.atttypid AND o.oprright = a.atttypid),
                   a.attcollation <> 0 AND NOT (a.attcollation = 950 OR (a.attcollation = 100 AND
                       (SELECT d.datcollate IN ('C', 'POSIX') FROM pg_catalog.pg_database d
                        WHERE d.datname = pg_catalog.current_database())))
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
            JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, binds: bindings(oid)) { row in
            let (attname, display, typeOID, typeSchema, typeName, category, notNull, hasEquality, needsC) =
                try row.decode((String, String, Int64, String, String, String, Bool, Bool, Bool).self)
            return Column(name: try Identifier(attname), typeDisplay: display, typeOID: UInt32(truncatingIfNeeded: typeOID),
                          typeName: try QualifiedName(schema: typeSchema, name: typeName), category: category,
                          notNull: notNull, hasEquality: hasEquality, needsByteCollation: needsC)
        }
        let indexes = try await session.collect("""
            SELECT ARRAY(SELECT a.attname::text
                         FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                         WHERE k.ord <= i.indnkeyatts)
            FROM pg_catalog.pg_index i
            WHERE i.indrelid = $1::oid AND i.indisunique AND i.indisvalid
              AND i.indpred IS NULL AND i.indexprs IS NULL
            """, binds: bindings(oid)) { row in
            try row.decode([String].self)
        }
        var uniqueKeys: [Set<Identifier>] = []
        for names in indexes {
            uniqueKeys.append(Set(try names.map { try Identifier($0) }))
        }
        return TableShape(name: name, columns: columns, uniqueKeys: uniqueKeys, sampleable: relkind == "r" || relkind == "m")
    }

    private static func bindings(_ value: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }

    private static func bindings(_ value: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }
}
