import Foundation
import KeelCore
import KeelPostgres
import PostgresNIO

/// The rollout's state in the target database's `keel` schema: `migrations` (plan JSON and hash,
/// environment, phase, step, status, timestamps, operator), the append-only `step_log`, the
/// `backfill_cursors` and the `retired_columns` a contract kept. A partial unique index allows one
/// active migration per database, and a session advisory lock serialises rollout commands.
enum RolloutStore {
    static let schemaStatements: [SQL] = [
        "CREATE SCHEMA IF NOT EXISTS keel",
        """
        CREATE TABLE IF NOT EXISTS keel.migrations (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          change text NOT NULL,
          plan_hash text NOT NULL,
          plan text NOT NULL,
          environment text NOT NULL,
          phase text,
          step text,
          status text NOT NULL CHECK (status IN ('active', 'completed', 'rolled_back', 'aborted')),
          operator text NOT NULL,
          forced_reason text,
          last_error text,
          started_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          finished_at timestamptz)
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS migrations_one_active ON keel.migrations ((true)) WHERE status = 'active'",
        """
        CREATE TABLE IF NOT EXISTS keel.step_log (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          migration_id bigint NOT NULL REFERENCES keel.migrations (id),
          step text NOT NULL,
          phase text NOT NULL,
          action text NOT NULL CHECK (action IN ('run', 'undo', 'gate', 'force', 'retry', 'fail', 'abort', 'purge')),
          status text NOT NULL,
          attempts integer NOT NULL DEFAULT 1,
          message text,
          operator text NOT NULL,
          at timestamptz NOT NULL DEFAULT clock_timestamp())
        """,
        "CREATE INDEX IF NOT EXISTS step_log_migration ON keel.step_log (migration_id, step, id)",
        """
        CREATE TABLE IF NOT EXISTS keel.backfill_cursors (
          migration_id bigint NOT NULL REFERENCES keel.migrations (id),
          step text NOT NULL,
          last_key text,
          rows_done bigint NOT NULL DEFAULT 0,
          batches bigint NOT NULL DEFAULT 0,
          batch_size integer NOT NULL,
          passes integer NOT NULL DEFAULT 1,
          done boolean NOT NULL DEFAULT false,
          updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
          PRIMARY KEY (migration_id, step))
        """,
        """
        CREATE TABLE IF NOT EXISTS keel.retired_columns (
          migration_id bigint NOT NULL REFERENCES keel.migrations (id),
          step text NOT NULL,
          table_schema text NOT NULL,
          table_name text NOT NULL,
          column_name text NOT NULL,
          retired_name text NOT NULL,
          retain_until timestamptz NOT NULL,
          restored boolean NOT NULL DEFAULT false,
          purged boolean NOT NULL DEFAULT false,
          PRIMARY KEY (migration_id, step, column_name))
        """,
        // What retiring took off the column, so that rollback puts it back (added after the first release).
        """
        ALTER TABLE keel.retired_columns ADD COLUMN IF NOT EXISTS was_not_null boolean NOT NULL DEFAULT false,
          ADD COLUMN IF NOT EXISTS column_default text, ADD COLUMN IF NOT EXISTS not_null_restored boolean NOT NULL DEFAULT false
        """,
    ]

    /// Creates the schema if needed (call under the advisory lock).
    static func ensure(_ session: Session) async throws {
        for statement in schemaStatements { try await session.execute(statement) }
    }

    /// Whether the `keel` schema exists (status must not create it).
    static func exists(_ session: Session) async throws -> Bool {
        try await session.one("SELECT to_regclass('keel.migrations') IS NOT NULL") { try $0.decode(Bool.self) }
    }

    /// Takes the session-level advisory lock that serialises rollout commands on this database.
    static func tryLock(_ session: Session) async throws -> Bool {
        try await session.one("SELECT pg_try_advisory_lock(hashtext('keel'), hashtext('rollout'))") { try $0.decode(Bool.self) }
    }

    static func unlock(_ session: Session) async throws {
        try await session.execute("SELECT pg_advisory_unlock(hashtext('keel'), hashtext('rollout'))")
    }

    struct Row: Sendable {
        var id: Int64
        var change: String
        var planHash: String
        var planJSON: String
        var environment: String
        var step: String?
        var status: String
        var operatorName: String
        var forcedReason: String?
        var lastError: String?
        var startedAt: Date
        var updatedAt: Date
        var finishedAt: Date?
    }

    private static let rowColumns: SQL = """
        id, change, plan_hash, plan, environment, step, status, operator, forced_reason, last_error, started_at, updated_at, finished_at
        """

    private static func decodeRow(_ row: PostgresRow) throws -> Row {
        let (id, change, hash, plan, environment, step, status, operatorName, forced, error, started, updated, finished) =
            try row.decode((Int64, String, String, String, String, String?, String, String, String?, String?, Date, Date, Date?).self)
        return Row(id: id, change: change, planHash: hash, planJSON: plan, environment: environment, step: step, status: status,
                   operatorName: operatorName, forcedReason: forced, lastError: error, startedAt: started, updatedAt: updated, finishedAt: finished)
    }

    /// The active migration, if any.
    static func active(_ session: Session) async throws -> Row? {
        try await session.collect("SELECT \(rowColumns) FROM keel.migrations WHERE status = 'active'", decodeRow).first
    }

    /// The latest migration of `plan`, if any.
    static func latest(_ session: Session, plan: ContentHash) async throws -> Row? {
        var binds = PostgresBindings()
        binds.append(plan.description)
        return try await session.collect(
            "SELECT \(rowColumns) FROM keel.migrations WHERE plan_hash = $1 ORDER BY id DESC LIMIT 1", binds: binds, decodeRow).first
    }

    /// Every migration, newest first.
    static func all(_ session: Session, limit: Int) async throws -> [Row] {
        var binds = PostgresBindings()
        binds.append(limit)
        return try await session.collect("SELECT \(rowColumns) FROM keel.migrations ORDER BY id DESC LIMIT $1", binds: binds, decodeRow)
    }

    static func insert(_ session: Session, plan: MigrationPlan, json: String, environment: String, operatorName: String) async throws -> Int64 {
        var binds = PostgresBindings()
        binds.append(plan.change)
        binds.append(plan.hash.description)
        binds.append(json)
        binds.append(environment)
        binds.append(operatorName)
        return try await session.one("""
            INSERT INTO keel.migrations (change, plan_hash, plan, environment, status, operator)
            VALUES ($1, $2, $3, $4, 'active', $5) RETURNING id
            """, binds: binds) { try $0.decode(Int64.self) }
    }

    /// Each step's latest run/undo outcome.
    static func stepStates(_ session: Session, migration: Int64) async throws -> [String: RolloutStateMachine.StepState] {
        var binds = PostgresBindings()
        binds.append(migration)
        let rows = try await session.collect("""
            SELECT DISTINCT ON (step) step, action FROM keel.step_log
            WHERE migration_id = $1 AND status = 'done' AND action IN ('run', 'undo')
            ORDER BY step, id DESC
            """, binds: binds) { try $0.decode((String, String).self) }
        var states: [String: RolloutStateMachine.StepState] = [:]
        for (step, action) in rows { states[step] = action == "run" ? .done : .undone }
        return states
    }

    /// Appends to the step log and moves the migration's position (inside the caller's transaction
    /// when there is one, so the record commits with the step's own work).
    static func log(_ session: Session, migration: Int64, step: String, phase: MigrationPlan.PhaseKind, action: String,
                    status: String, attempts: Int = 1, message: String? = nil, operatorName: String) async throws {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(step)
        binds.append(phase.rawValue)
        binds.append(action)
        binds.append(status)
        binds.append(attempts)
        if let message { binds.append(message) } else { binds.appendNull() }
        binds.append(operatorName)
        try await session.execute("""
            INSERT INTO keel.step_log (migration_id, step, phase, action, status, attempts, message, operator)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, binds: binds)
        if status == "done" && (action == "run" || action == "undo") {
            var move = PostgresBindings()
            move.append(migration)
            move.append(step)
            move.append(phase.rawValue)
            try await session.execute(
                "UPDATE keel.migrations SET step = $2, phase = $3, last_error = NULL, updated_at = now() WHERE id = $1", binds: move)
        }
    }

    static func setStatus(_ session: Session, migration: Int64, status: RolloutStateMachine.Status) async throws {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(status.rawValue)
        try await session.execute("""
            UPDATE keel.migrations SET status = $2, updated_at = now(),
              finished_at = CASE WHEN $2 = 'active' THEN NULL ELSE now() END WHERE id = $1
            """, binds: binds)
    }

    static func setError(_ session: Session, migration: Int64, error: String) async throws {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(error)
        try await session.execute("UPDATE keel.migrations SET last_error = $2, updated_at = now() WHERE id = $1", binds: binds)
    }

    static func recordForce(_ session: Session, migration: Int64, reason: String) async throws {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(reason)
        try await session.execute("""
            UPDATE keel.migrations SET forced_reason = concat_ws(E'\\n', forced_reason, $2), updated_at = now() WHERE id = $1
            """, binds: binds)
    }

    // MARK: Backfill cursors

    static func cursor(_ session: Session, migration: Int64, step: String, initialBatch: Int) async throws -> RolloutRecord.Cursor {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(step)
        binds.append(initialBatch)
        try await session.execute("""
            INSERT INTO keel.backfill_cursors (migration_id, step, batch_size) VALUES ($1, $2, $3)
            ON CONFLICT (migration_id, step) DO NOTHING
            """, binds: binds)
        var read = PostgresBindings()
        read.append(migration)
        read.append(step)
        return try await session.one("""
            SELECT step, last_key, rows_done, batches, batch_size, done FROM keel.backfill_cursors WHERE migration_id = $1 AND step = $2
            """, binds: read) { row in
            let (step, key, rows, batches, size, done) = try row.decode((String, String?, Int64, Int64, Int, Bool).self)
            return RolloutRecord.Cursor(step: step, lastKey: key, rowsDone: rows, batches: batches, batchSize: size, done: done)
        }
    }

    static func cursors(_ session: Session, migration: Int64) async throws -> [RolloutRecord.Cursor] {
        var binds = PostgresBindings()
        binds.append(migration)
        return try await session.collect("""
            SELECT step, last_key, rows_done, batches, batch_size, done FROM keel.backfill_cursors WHERE migration_id = $1 ORDER BY step
            """, binds: binds) { row in
            let (step, key, rows, batches, size, done) = try row.decode((String, String?, Int64, Int64, Int, Bool).self)
            return RolloutRecord.Cursor(step: step, lastKey: key, rowsDone: rows, batches: batches, batchSize: size, done: done)
        }
    }

    /// Moves the cursor after a batch (in the batch's transaction).
    static func advanceCursor(_ session: Session, migration: Int64, step: String, lastKey: String?, updated: Int64, batchSize: Int) async throws {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(step)
        if let lastKey { binds.append(lastKey) } else { binds.appendNull() }
        binds.append(updated)
        binds.append(batchSize)
        try await session.execute("""
            UPDATE keel.backfill_cursors SET last_key = coalesce($3, last_key), rows_done = rows_done + $4, batches = batches + 1,
              batch_size = $5, done = ($3 IS NULL), updated_at = clock_timestamp()
            WHERE migration_id = $1 AND step = $2
            """, binds: binds)
    }

    /// Starts another pass from the first key.
    static func restartCursor(_ session: Session, migration: Int64, step: String) async throws {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(step)
        try await session.execute("""
            UPDATE keel.backfill_cursors SET last_key = NULL, done = false, passes = passes + 1, updated_at = clock_timestamp()
            WHERE migration_id = $1 AND step = $2
            """, binds: binds)
    }

    // MARK: Retired columns

    static func retire(_ session: Session, migration: Int64, step: String, table: QualifiedName, column: Identifier,
                       retiredAs: Identifier, retentionSeconds: Int64) async throws {
        var binds = PostgresBindings()
        binds.append(migration)
        binds.append(step)
        binds.append(table.schema.name)
        binds.append(table.name.name)
        binds.append(column.name)
        binds.append(retiredAs.name)
        binds.append(retentionSeconds)
        try await session.execute("""
            INSERT INTO keel.retired_columns (migration_id, step, table_schema, table_name, column_name, retired_name, retain_until)
            VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
            ON CONFLICT (migration_id, step, column_name) DO UPDATE SET retired_name = EXCLUDED.retired_name,
              retain_until = EXCLUDED.retain_until, restored = false, purged = false
            """, binds: binds)
    }

    struct Retired: Sendable {
        var migration: Int64
        var step: String
        var table: QualifiedName
        var column: Identifier
        var retiredAs: Identifier
        var retainUntil: Date
        var restored: Bool
        var purged: Bool
        /// The column was NOT NULL before it was retired.
        var wasNotNull = false
        /// Its default, as `pg_get_expr` printed it.
        var columnDefault: String?
        var notNullRestored = false
    }

    /// Records the column's NOT NULL and default before retiring drops them (a statement of the
    /// contract's own transaction, run before the rename).
    static func captureRetired(migration: Int64, step: String, table: QualifiedName, column: Identifier, retiredAs: Identifier) -> SQL {
        """
        INSERT INTO keel.retired_columns (migration_id, step, table_schema, table_name, column_name, retired_name, retain_until,
          was_not_null, column_default)
        SELECT \(literal: Int(migration)), \(literal: step), \(literal: table.schema.name), \(literal: table.name.name), \(literal: column.name),
          \(literal: retiredAs.name), now(), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = \(literal: table.quoted)::regclass AND a.attname = \(literal: column.name) AND NOT a.attisdropped
        ON CONFLICT (migration_id, step, column_name) DO UPDATE SET was_not_null = EXCLUDED.was_not_null,
          column_default = EXCLUDED.column_default, not_null_restored = false
        """
    }

    static func markNotNullRestored(_ session: Session, _ retired: Retired) async throws {
        var binds = PostgresBindings()
        binds.append(retired.migration)
        binds.append(retired.step)
        binds.append(retired.column.name)
        try await session.execute("""
            UPDATE keel.retired_columns SET not_null_restored = true WHERE migration_id = $1 AND step = $2 AND column_name = $3
            """, binds: binds)
    }

    static func retired(_ session: Session, migration: Int64?) async throws -> [Retired] {
        var binds = PostgresBindings()
        if let migration { binds.append(migration) } else { binds.appendNull() }
        let rows = try await session.collect("""
            SELECT migration_id, step, table_schema, table_name, column_name, retired_name, retain_until, restored, purged,
              was_not_null, column_default, not_null_restored
            FROM keel.retired_columns WHERE $1::bigint IS NULL OR migration_id = $1 ORDER BY migration_id, step, column_name
            """, binds: binds) { try $0.decode((Int64, String, String, String, String, String, Date, Bool, Bool, Bool, String?, Bool).self) }
        return try rows.map { row in
            Retired(migration: row.0, step: row.1, table: try QualifiedName(schema: row.2, name: row.3), column: try Identifier(row.4),
                    retiredAs: try Identifier(row.5), retainUntil: row.6, restored: row.7, purged: row.8,
                    wasNotNull: row.9, columnDefault: row.10, notNullRestored: row.11)
        }
    }

    static func markRetired(_ session: Session, _ retired: Retired, restored: Bool, purged: Bool) async throws {
        var binds = PostgresBindings()
        binds.append(retired.migration)
        binds.append(retired.step)
        binds.append(retired.column.name)
        binds.append(restored)
        binds.append(purged)
        try await session.execute("""
            UPDATE keel.retired_columns SET restored = $4, purged = $5 WHERE migration_id = $1 AND step = $2 AND column_name = $3
            """, binds: binds)
    }
}
