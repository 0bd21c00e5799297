import KeelCore
import KeelPostgres
import PostgresNIO

/// The keys one backfill pass covers: those up to the largest key when the pass started.
///
/// The dual-write trigger exists before the backfill starts, so a row inserted later is written
/// correct and needs no batch. Without this bound, a pass under sustained inserts chases the
/// newest keys and ends only when the writers pause (issue 7). Keys are compared by PostgreSQL,
/// in the key column's own type: the last key and the bound travel as untyped literals, so any
/// key type the plan's batch SQL accepts works. A backfill by heap page (no single-column primary
/// key) covers the pages that existed when the pass started, its cursor being `(page,65535)`.
struct BackfillRange: Sendable, Equatable {
    /// The largest key when the pass started, as text; `nil` when the table was empty.
    var upperBound: String?

    /// Reads the largest key now (one probe of the key's index; `ORDER BY … LIMIT 1` rather than
    /// `max()`, which some key types, such as uuid, lack).
    static func snapshot(_ backfill: MigrationPlan.Backfill, session: Session) async throws -> BackfillRange {
        let key = backfill.key
        if backfill.walksPages {
            // Every page there is now; rows on later pages were written through the trigger.
            let pages: SQL = "pg_relation_size(\(literal: backfill.table.quoted)::regclass) / current_setting('block_size')::bigint"
            let bound = try await session.one("SELECT CASE WHEN \(pages) = 0 THEN NULL ELSE format('(%s,0)', \(pages)) END") {
                try $0.decode(String?.self)
            }
            return BackfillRange(upperBound: bound)
        }
        // The cast stays outside: `ORDER BY key` next to an output column `key::text` would sort text.
        // `keel_row` marks Keel's own statements, which keel monitor leaves out of the application's.
        let bound = try await session.one("SELECT (SELECT \(key) FROM \(backfill.table) AS keel_row ORDER BY \(key) DESC LIMIT 1)::text") {
            try $0.decode(String?.self)
        }
        return BackfillRange(upperBound: bound)
    }

    /// Sets the batch transaction's timeouts and says whether any key is left in the range after
    /// `lastKey`, in one round trip. Run it right after `BEGIN`.
    /// - Parameters:
    ///   - lastKey: The last key done in this pass (`nil` at its start).
    ///   - lockTimeout: `lock_timeout` as text (`500ms`).
    ///   - statementTimeout: `statement_timeout` as text (`60000ms`).
    /// - Returns: `false` when the pass has covered its range.
    func beginBatch(_ backfill: MigrationPlan.Backfill, after lastKey: String?, lockTimeout: String, statementTimeout: String,
                    session: Session) async throws -> Bool {
        var binds = PostgresBindings()
        binds.append(lockTimeout)
        binds.append(statementTimeout)
        let timeouts: SQL = "set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)"
        guard let upperBound else { return false }
        guard let lastKey else {
            try await session.execute("SELECT \(timeouts)", binds: binds)
            return true
        }
        let key = backfill.key
        return try await session.one("""
            SELECT \(timeouts), EXISTS (SELECT 1 FROM \(backfill.table) AS keel_row WHERE \(key) > \(literal: lastKey) AND \(key) <= \(literal: upperBound))
            """, binds: binds) { try $0.decode((String, String, Bool).self).2 }
    }
}

extension MigrationPlan.Backfill {
    /// Whether the batches walk heap pages by `ctid` (a table without a single-column primary key).
    var walksPages: Bool { key.name == "ctid" && keyType == "tid" }
}
