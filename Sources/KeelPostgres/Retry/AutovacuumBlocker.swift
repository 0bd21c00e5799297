public import KeelCore
import PostgresNIO

/// Cancels an autovacuum that holds a table's lock a DDL step keeps timing out on.
///
/// PostgreSQL cancels an autovacuum blocking a lock request once the request has waited
/// `deadlock_timeout` (1 s by default), unless the vacuum prevents wraparound. Keel's requests
/// give up sooner (lock_timeout 500 ms) to spare the queries queued behind them, so PostgreSQL
/// never does it for them: on a large table, whose autovacuum runs for minutes after a backfill,
/// every retry times out (the 2M-row benchmark needed 13 attempts for one step). Keel does
/// what PostgreSQL would: it cancels that autovacuum (never a wraparound one), which runs again
/// later.
public enum AutovacuumBlocker {
    /// Cancels the autovacuum workers (not the ones preventing wraparound) that hold a lock on
    /// `table`.
    /// - Returns: The process ids cancelled; empty when there was none, or when the role may not
    ///   see them (autovacuum workers are visible to superusers and `pg_read_all_stats`).
    /// - Throws: ``PostgresLayerError`` when the role may not cancel them (PostgreSQL before 18
    ///   lets only superusers signal autovacuum workers).
    public static func cancel(on table: QualifiedName, session: Session) async throws -> [Int32] {
        var binds = PostgresBindings()
        binds.append(table.quoted)
        // MATERIALIZED: the workers are chosen first, so no other one is ever signalled.
        return try await session.collect("""
            WITH blockers AS MATERIALIZED (
              SELECT a.pid FROM pg_stat_activity a
              WHERE a.backend_type = 'autovacuum worker' AND a.query NOT LIKE '%(to prevent wraparound)%'
                AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.relation = to_regclass($1)))
            SELECT pid FROM blockers WHERE pg_cancel_backend(pid)
            """, binds: binds) { try $0.decode(Int32.self) }
    }
}
