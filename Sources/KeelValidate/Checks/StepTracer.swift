import Foundation
import KeelCore
import KeelPostgres
import PostgresNIO

/// Runs plan steps and records what each really did: the strongest lock its backend held on the
/// step's table (read from pg_locks before COMMIT, or sampled from a second session for steps
/// that cannot run in a transaction), whether the table or an index got a new relfilenode, and
/// how long it took.
struct StepTracer {
    let session: Session
    let monitor: Session
    let batchSize: Int

    /// Runs `step`; a backfill reports its rows to `rows` (done, and the total counted first).
    func run(_ step: MigrationPlan.Step, rows: (Int64, Int64?) -> Void = { _, _ in }) async throws -> ValidationReport.StepTrace {
        let before = try await fileNodes(step.table)
        var total: Int64?
        if let backfill = step.backfill { total = try await session.one(backfill.remaining) { try $0.decode(Int64.self) } }
        let started = ContinuousClock.now
        var observed = LockLevel.none
        if let backfill = step.backfill {
            observed = try await runBackfill(backfill) { done in rows(done, total) }
        } else if step.transactional {
            try await session.execute("BEGIN")
            do {
                for statement in step.statements { try await session.execute(statement) }
                observed = try await heldLock(on: step.table, pid: nil)
                try await session.execute("COMMIT")
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        } else {
            observed = try await runBesideWriter(step)
        }
        let elapsed = ContinuousClock.now - started
        let after = try await fileNodes(step.table)
        // A new index is not a rewrite; a relation that got a new file is.
        let rewritten = before.contains { name, node in after[name].map { $0 != node } ?? false }
        // A sampled lock can only be missed, never invented: an unseen lock is not a failure.
        let lockOK = observed <= step.lock
        let rewriteOK = !rewritten || step.rewrite == .rewrite
        return .init(id: step.id, declaredLock: step.lock, observedLock: observed, declaredRewrite: step.rewrite,
                     rewritten: rewritten, milliseconds: Int64(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
                     ok: lockOK && rewriteOK)
    }

    /// A step that cannot run in a transaction, run while a writer is in flight: the monitor holds
    /// ROW EXCLUSIVE in an open transaction, as an application's INSERT would. A step that needs a
    /// lock conflicting with writes then queues behind it, and pg_locks shows the mode it asked
    /// for; CONCURRENTLY steps take theirs and wait for the writer's transaction instead. Either
    /// way the writer commits as soon as the step's lock is seen (or after two seconds).
    private func runBesideWriter(_ step: MigrationPlan.Step) async throws -> LockLevel {
        let pid = try await session.one("SELECT pg_backend_pid()") { try $0.decode(Int32.self) }
        try await monitor.execute("BEGIN")
        if let table = step.table { try await monitor.execute("LOCK TABLE \(table) IN ROW EXCLUSIVE MODE") }
        let done = DoneFlag()
        let work = Task { [session] in
            defer { Task { await done.set() } }
            for statement in step.statements { try await session.execute(statement) }
        }
        var strongest = LockLevel.none
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline, await !done.value {
            let rows = try await monitor.collect("""
                SELECT l.mode, l.granted, l.locktype FROM pg_locks l WHERE l.pid = \(literal: Int(pid))
                  AND (l.locktype <> 'relation' OR l.relation = to_regclass(\(literal: step.table?.quoted ?? "")))
                """) { try $0.decode((String, Bool, String).self) }
            for (mode, _, type) in rows where type == "relation" {
                if let level = LockLevel(pgLocksMode: mode), level > strongest { strongest = level }
            }
            if rows.contains(where: { !$0.1 }) { break }
            try await Task.sleep(for: .milliseconds(2))
        }
        try await monitor.execute("COMMIT")
        try await work.value
        return strongest
    }

    /// Keyset batches until the batch reports no key, each in its own transaction.
    private func runBackfill(_ backfill: MigrationPlan.Backfill, rows: (Int64) -> Void) async throws -> LockLevel {
        var last: String?
        var strongest = LockLevel.none
        var done: Int64 = 0
        for _ in 0..<10_000_000 {
            try await session.execute("BEGIN")
            var binds = PostgresBindings()
            if let last { binds.append(last) } else { binds.appendNull() }
            binds.append(batchSize > 0 ? batchSize : backfill.batchSize)
            // $1 is bound as text and cast by the batch SQL to the key's type.
            let (key, updated) = try await session.one(backfill.batch, binds: binds) { try $0.decode((String?, Int64).self) }
            let held = try await heldLock(on: backfill.table, pid: nil)
            if held > strongest { strongest = held }
            try await session.execute("COMMIT")
            done += updated
            if updated > 0 { rows(done) }
            guard let key else { break }
            last = key
        }
        return strongest
    }

    private func heldLock(on table: QualifiedName?, pid: Int32?) async throws -> LockLevel {
        guard let table else { return .none }
        return try await Self.locks(session, table: table, pid: pid)
    }

    /// The strongest relation lock `pid` (or this backend) holds on `table`.
    static func locks(_ session: Session, table: QualifiedName?, pid: Int32?) async throws -> LockLevel {
        guard let table else { return .none }
        let modes = try await session.collect("""
            SELECT l.mode FROM pg_locks l
            WHERE l.locktype = 'relation' AND l.granted AND l.pid = coalesce(\(pid.map { "\(literal: Int($0))" } ?? "NULL")::int, pg_backend_pid())
              AND l.relation = to_regclass(\(literal: table.quoted))
            """) { try $0.decode(String.self) }
        return modes.compactMap(LockLevel.init(pgLocksMode:)).max() ?? .none
    }

    /// relfilenodes of the table and its indexes (a rewrite gives new ones).
    private func fileNodes(_ table: QualifiedName?) async throws -> [String: Int64] {
        guard let table else { return [:] }
        let rows = try await session.collect("""
            SELECT c.relname::text, c.relfilenode::bigint FROM pg_class c
            WHERE c.oid = to_regclass(\(literal: table.quoted))
               OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = to_regclass(\(literal: table.quoted)))
            """) { try $0.decode((String, Int64).self) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}

/// Set once a traced step's statements have finished.
actor DoneFlag {
    private(set) var value = false
    func set() { value = true }
}
