import KeelCore
import KeelPostgres
import PostgresNIO

extension RolloutStore {
    /// Marks a backfill cursor's pass done without a batch: its key range is covered
    /// (``BackfillRange``), though newer keys exist.
    static func finishCursor(_ session: Session, migration: Int64, step: String) async throws {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(step)
        try await session.execute("""
            UPDATE keel.backfill_cursors SET done = true, updated_at = clock_timestamp() WHERE migration_id = $1 AND step = $2
            """, binds: binds)
    }
}
