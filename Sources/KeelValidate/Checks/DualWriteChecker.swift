import KeelCore
import KeelPostgres
import PostgresNIO

/// Writes through each shape of a replaced column and reads the other back, inside a
/// transaction that is rolled back: an insert or update of the old column must show up in the
/// new one, and the other way round. Row values come from other rows of the sandbox, which the
/// backfill has already brought in step, so any `up`/`down` pair can be checked without knowing
/// its types.
struct DualWriteChecker {
    let session: Session

    func check(_ replacement: MigrationPlan.ColumnReplacement) async throws -> [ValidationReport.DualWriteCheck] {
        let table = replacement.table
        let old = replacement.old
        let new = replacement.new
        let key = try await primaryKey(table)
        guard let key else { return [] }
        // Up to 200 rows in a hash order (not the smallest values, which may round-trip by luck),
        // each written with the values of the next one: through the old column, then the new.
        let sample: SQL = """
            WITH s AS (SELECT \(key) AS k, \(old) AS o, \(new) AS n FROM \(table) WHERE \(old) IS NOT NULL ORDER BY md5(\(key)::text) LIMIT 200),
                 r AS (SELECT *, row_number() OVER (ORDER BY md5(k::text)) AS i, count(*) OVER () AS c FROM s)
            SELECT a.k AS target, b.k AS donor, b.o AS donor_old, b.n AS donor_new FROM r a JOIN r b ON b.i = a.i % a.c + 1
            """
        let donors = try await session.collect("SELECT target::text, donor::text, donor_old::text, donor_new::text FROM (\(sample)) p") {
            try $0.decode((String, String, String?, String?).self)
        }
        guard donors.count >= 2, let first = donors.first else { return [] }
        var checks: [ValidationReport.DualWriteCheck] = []
        try await session.execute("BEGIN")
        do {
            let updates: [(String, Identifier, Identifier, SQL, SQL)] = [
                ("update old", old, new, "p.donor_old", "p.donor_new"),
                ("update new", new, old, "p.donor_new", "p.donor_old"),
            ]
            for (write, written, read, source, expected) in updates {
                let rows = try await session.collect("""
                    WITH p AS (\(sample))
                    UPDATE \(table) AS t SET \(written) = \(source) FROM p WHERE t.\(key) = p.target
                    RETURNING t.\(read)::text, \(expected)::text
                    """) { try $0.decode((String?, String?).self) }
                let mismatch = rows.first { $0.0 != $0.1 }
                let shown = mismatch ?? rows.first ?? (nil, nil)
                checks.append(.init(table: table, write: write + " (\(rows.count) rows, \(rows.filter { $0.0 != $0.1 }.count) wrong)",
                                    written: written.name, expected: shown.1 ?? "NULL", observed: shown.0, ok: mismatch == nil))
                try await session.execute("ROLLBACK")
                try await session.execute("BEGIN")
            }
            // insert old / insert new: copies of a donor row, writing one shape only.
            let (donor, donorOld, donorNew) = (first.1, first.2 ?? "NULL", first.3 ?? "NULL")
            let columns = try await insertableColumns(table)
            for (write, omit, read, expected) in [("insert old", new, new, donorNew), ("insert new", old, old, donorOld)] {
                let list = columns.filter { $0 != omit && $0 != key }
                let names = SQL.joined(list.map { "\($0)" })
                try await session.execute("SAVEPOINT keel_dual_write")
                do {
                    let observed = try await session.one("""
                        INSERT INTO \(table) (\(names)) SELECT \(names) FROM \(table) WHERE \(key)::text = \(literal: donor)
                        RETURNING \(read)::text
                        """) { try $0.decode(String?.self) }
                    checks.append(.init(table: table, write: write, written: omit == new ? old.name : new.name, expected: expected,
                                        observed: observed, ok: observed == expected))
                } catch {
                    // A unique column or a required key without a default: the copy cannot be inserted.
                    try await session.execute("ROLLBACK TO SAVEPOINT keel_dual_write")
                }
            }
            try await session.execute("ROLLBACK")
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
        return checks
    }

    private func primaryKey(_ table: QualifiedName) async throws -> Identifier? {
        let names = try await session.collect("""
            SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = to_regclass(\(literal: table.quoted)) AND i.indisprimary
            """) { try $0.decode(String.self) }
        guard names.count == 1, let name = names.first else { return nil }
        return try Identifier(name)
    }

    /// Columns an INSERT may set: not generated, not identity ALWAYS, not dropped.
    private func insertableColumns(_ table: QualifiedName) async throws -> [Identifier] {
        try await session.collect("""
            SELECT attname::text FROM pg_attribute
            WHERE attrelid = to_regclass(\(literal: table.quoted)) AND attnum > 0 AND NOT attisdropped
              AND attgenerated = '' AND attidentity <> 'a'
            ORDER BY attnum
            """) { try $0.decode(String.self) }.compactMap { try? Identifier($0) }
    }
}
