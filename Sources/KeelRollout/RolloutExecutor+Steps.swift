import Foundation
import KeelCore
import KeelPostgres
import PostgresNIO

extension RolloutExecutor {
    // MARK: Running a step

    func execute(_ step: MigrationPlan.Step, phase: MigrationPlan.PhaseKind, run: inout Run) async throws {
        let session = run.session
        let migration = run.migration
        if let backfill = step.backfill {
            try await runBackfill(step, backfill, phase: phase, run: run)
            return
        }
        if step.statements.isEmpty {
            try await RolloutStore.log(session, migration: migration, step: step.id, phase: phase, action: "run", status: "done",
                                       message: "checkpoint", operatorName: options.operatorName)
            return
        }
        let (statements, retire) = prepared(step, plan: run.plan, migration: migration)
        let retentionSeconds = options.retention.map { $0.components.seconds } ?? 0
        let operatorName = options.operatorName
        if step.transactional {
            try await transaction(statements, step: step.id, table: step.table, session: session) { attempts in
                for (table, column, retired) in retire {
                    try await RolloutStore.retire(session, migration: migration, step: step.id, table: table, column: column,
                                                  retiredAs: retired, retentionSeconds: retentionSeconds)
                }
                try await RolloutStore.log(session, migration: migration, step: step.id, phase: phase, action: "run", status: "done",
                                           attempts: attempts, operatorName: operatorName)
            }
        } else {
            let attempts = try await outsideTransaction(statements, step: step, session: session)
            try await RolloutStore.log(session, migration: migration, step: step.id, phase: phase, action: "run", status: "done",
                                       attempts: attempts, operatorName: operatorName)
        }
    }

    /// The statements a step runs: a contract's `DROP COLUMN` becomes a rename when retention is on
    /// (its NOT NULL and default recorded first, for rollback).
    func prepared(_ step: MigrationPlan.Step, plan: MigrationPlan, migration: Int64) -> ([SQL], [(QualifiedName, Identifier, Identifier)]) {
        guard options.retention != nil, Retention.isContract(step, in: plan) else { return (step.statements, []) }
        var statements: [SQL] = []
        var retire: [(QualifiedName, Identifier, Identifier)] = []
        for part in Retention.parts(step, in: plan) {
            switch part {
            case .setting(let sql), .other(let sql): statements.append(sql)
            case .retire(let table, let column):
                let retired = Retention.retiredName(column, step: step.id)
                statements.append(RolloutStore.captureRetired(migration: migration, step: step.id, table: table, column: column, retiredAs: retired))
                statements.append("ALTER TABLE \(table) RENAME COLUMN \(column) TO \(retired)")
                statements.append("ALTER TABLE \(table) ALTER COLUMN \(retired) DROP NOT NULL")
                statements.append("ALTER TABLE \(table) ALTER COLUMN \(retired) DROP DEFAULT")
                retire.append((table, column, retired))
            }
        }
        return (statements, retire)
    }

    /// Runs transactional steps in one transaction, recording each as done before COMMIT.
    func executeTogether(_ steps: [MigrationPlan.Step], phase: MigrationPlan.PhaseKind, run: inout Run) async throws {
        let session = run.session
        let migration = run.migration
        let operatorName = options.operatorName
        let retentionSeconds = options.retention.map { $0.components.seconds } ?? 0
        let prepared = steps.map { (step: $0, work: self.prepared($0, plan: run.plan, migration: migration)) }
        try await transaction(prepared.flatMap(\.work.0), step: steps.map(\.id).joined(separator: "+"), table: steps.first?.table,
                            session: session) { attempts in
            for (step, work) in prepared {
                for (table, column, retired) in work.1 {
                    try await RolloutStore.retire(session, migration: migration, step: step.id, table: table, column: column,
                                                  retiredAs: retired, retentionSeconds: retentionSeconds)
                }
                try await RolloutStore.log(session, migration: migration, step: step.id, phase: phase, action: "run", status: "done",
                                           attempts: attempts, message: "together with \(steps.map(\.id).joined(separator: ", "))",
                                           operatorName: operatorName)
            }
        }
    }

    func undo(_ step: MigrationPlan.Step, index: Int, phase: MigrationPlan.PhaseKind, run: inout Run) async throws {
        let session = run.session
        let migration = run.migration
        let operatorName = options.operatorName
        let record: (Int) async throws -> Void = { attempts in
            try await RolloutStore.log(session, migration: migration, step: step.id, phase: phase, action: "undo", status: "done",
                                       attempts: attempts, operatorName: operatorName)
        }
        if let rollback = step.rollback {
            if rollback.contains(where: { $0.text.uppercased().contains("CONCURRENTLY") }) {
                let attempts = try await outsideTransaction(rollback, step: step, session: session)
                try await record(attempts)
            } else {
                try await transaction(rollback, step: step.id, table: step.table, session: session, record)
            }
            return
        }
        try await undoTogether([step], phase: phase, run: &run)
    }

    /// Undoes contract steps (last first) in one transaction: columns kept by retention are renamed
    /// back and what the steps dropped is recreated from the step that created it, so no write lands
    /// between restoring the old column and restoring the trigger that keeps it in step.
    /// - Throws: ``RolloutError/restoreIncomplete(column:rows:)`` when a restored column has rows
    ///   written after the contract (the undo itself is committed; a rerun continues).
    func undoTogether(_ steps: [MigrationPlan.Step], phase: MigrationPlan.PhaseKind, run: inout Run) async throws {
        let session = run.session
        let migration = run.migration
        let operatorName = options.operatorName
        let kept = try await RolloutStore.retired(session, migration: migration)
        var statements: [SQL] = []
        var restored: [RolloutStore.Retired] = []
        for step in steps {
            if let rollback = step.rollback {
                statements += rollback
                continue
            }
            let retired = kept.filter { $0.step == step.id && !$0.restored }
            for entry in retired {
                guard !entry.purged else { throw RolloutError.irreversible(step: step.id) }
                statements.append("ALTER TABLE \(entry.table) RENAME COLUMN \(entry.retiredAs) TO \(entry.column)")
                if let expression = entry.columnDefault {
                    statements.append("ALTER TABLE \(entry.table) ALTER COLUMN \(entry.column) SET DEFAULT \(TrustedSQL.serverRendered(expression))")
                }
            }
            restored += retired
            if let creator = Retention.recreator(of: step, in: run.plan) { statements += creator.statements }
        }
        try await transaction(statements, step: steps.map(\.id).joined(separator: "+"), table: steps.first?.table, session: session) { attempts in
            for entry in restored { try await RolloutStore.markRetired(session, entry, restored: true, purged: false) }
            for step in steps {
                try await RolloutStore.log(session, migration: migration, step: step.id, phase: phase, action: "undo", status: "done",
                                           attempts: attempts, operatorName: operatorName)
            }
        }
        for entry in restored {
            let missing = try await session.one("SELECT count(*) FROM \(entry.table) WHERE \(entry.column) IS NULL") { try $0.decode(Int64.self) }
            if missing > 0 { throw RolloutError.restoreIncomplete(column: "\(entry.table.display).\(entry.column.display)", rows: missing) }
        }
        try await restoreNotNull(session, migration: migration)
    }

    /// Puts NOT NULL back on restored columns that had it, the safe way: CHECK NOT VALID,
    /// VALIDATE (reads and writes go on), then SET NOT NULL, which the CHECK proves without a scan.
    /// A later `rollback` finishes what an interrupted or incomplete restore left.
    /// - Throws: ``RolloutError/restoreIncomplete(column:rows:)`` while a column has NULLs.
    func restoreNotNull(_ session: Session, migration: Int64) async throws {
        for entry in try await RolloutStore.retired(session, migration: migration)
        where entry.restored && !entry.purged && entry.wasNotNull && !entry.notNullRestored {
            let table = entry.table
            let column = entry.column
            let missing = try await session.one("SELECT count(*) FROM \(table) WHERE \(column) IS NULL") { try $0.decode(Int64.self) }
            if missing > 0 { throw RolloutError.restoreIncomplete(column: "\(table.display).\(column.display)", rows: missing) }
            let check = Retention.notNullCheckName(column)
            try await transaction(["ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(check)",
                                   "ALTER TABLE \(table) ADD CONSTRAINT \(check) CHECK (\(column) IS NOT NULL) NOT VALID"],
                                  step: entry.step, table: table, session: session) { _ in }
            try await transaction(["ALTER TABLE \(table) VALIDATE CONSTRAINT \(check)"], step: entry.step, table: table, session: session) { _ in }
            try await transaction(["ALTER TABLE \(table) ALTER COLUMN \(column) SET NOT NULL", "ALTER TABLE \(table) DROP CONSTRAINT \(check)"],
                                  step: entry.step, table: table, session: session) { _ in
                try await RolloutStore.markNotNullRestored(session, entry)
            }
            options.log?("\(entry.step): NOT NULL restored on \(table.display).\(column.display)")
        }
    }

    // MARK: Transactions and lock retry

    /// `lock_timeout` as SQL text (`'500ms'`).
    var lockTimeoutLiteral: SQL {
        let milliseconds = Self.milliseconds(options.lockTimeout)
        return "\(literal: "\(milliseconds)ms")"
    }

    /// Runs `statements` in one transaction with the rollout's `lock_timeout` (the plan's own
    /// `SET lock_timeout` is skipped), calls `record` before COMMIT, and retries on 55P03.
    func transaction(_ statements: [SQL], step: String, table: QualifiedName?, session: Session,
                     _ record: (Int) async throws -> Void) async throws {
        let timeout = lockTimeoutLiteral
        let statementTimeout: SQL = "\(literal: "\(Self.milliseconds(options.statementTimeout))ms")"
        try await options.retry.run(onRetry: { attempt, pause in
            options.log?("\(step): lock_timeout, attempt \(attempt) gave way; retrying in \(Self.milliseconds(pause)) ms")
        }, afterTimeout: { _ in
            await releaseAutovacuum(on: table, step: step, session: session)
        }) { attempt in
            try await session.execute("BEGIN")
            do {
                try await session.execute("SET LOCAL lock_timeout = \(timeout)")
                try await session.execute("SET LOCAL statement_timeout = \(statementTimeout)")
                for statement in statements where !Retention.isLockTimeoutSetting(statement) { try await session.execute(statement) }
                try await record(attempt)
                try await session.execute("COMMIT")
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs statements one by one outside a transaction (CONCURRENTLY): each retried on 55P03; an
    /// index build that fails leaves an INVALID index, which is dropped before the build is retried.
    /// - Returns: The most attempts any statement needed.
    func outsideTransaction(_ statements: [SQL], step: MigrationPlan.Step, session: Session) async throws -> Int {
        try await session.execute("SET lock_timeout = \(lockTimeoutLiteral)")
        var most = 1
        do {
            for statement in statements where !Retention.isLockTimeoutSetting(statement) {
                let build = Self.isConcurrentIndexBuild(statement)
                if build { _ = try await dropInvalidIndexes(named: statement, table: step.table, session: session) }
                var rebuilt = false
                let attempts = try await options.retry.run(onRetry: { attempt, pause in
                    options.log?("\(step.id): lock_timeout, attempt \(attempt) gave way; retrying in \(Self.milliseconds(pause)) ms")
                }, afterTimeout: { _ in
                    await releaseAutovacuum(on: step.table, step: step.id, session: session)
                }) { attempt -> Int in
                    do {
                        try await session.execute(statement)
                    } catch let error as PostgresLayerError where build && error.sqlState == "42P07" {
                        return attempt  // built before a crash; invalid leftovers were dropped above
                    } catch {
                        guard build else { throw error }
                        let dropped = try await dropInvalidIndexes(named: statement, table: step.table, session: session)
                        if LockRetry.isLockTimeout(error) || rebuilt || dropped == 0 { throw error }
                        rebuilt = true
                        options.log?("\(step.id): the index build failed and left an invalid index; dropped it, building again")
                        do { try await session.execute(statement) } catch {
                            _ = try? await dropInvalidIndexes(named: statement, table: step.table, session: session)
                            throw error
                        }
                    }
                    return attempt
                }
                most = max(most, attempts)
            }
        } catch {
            try? await session.execute("RESET lock_timeout")
            try? await session.execute("RESET statement_timeout")
            throw error
        }
        try await session.execute("RESET lock_timeout")
        try await session.execute("RESET statement_timeout")
        return most
    }

    /// After a DDL step's lock timeout: cancels an autovacuum that holds `table`'s lock
    /// (``LockRetry/cancelsAutovacuum``), which PostgreSQL would do itself had Keel waited
    /// `deadlock_timeout`. A role that may not cancel it just retries.
    func releaseAutovacuum(on table: QualifiedName?, step: String, session: Session) async {
        guard options.retry.cancelsAutovacuum, let table else { return }
        do {
            let cancelled = try await AutovacuumBlocker.cancel(on: table, session: session)
            if !cancelled.isEmpty {
                options.log?("\(step): cancelled the autovacuum of \(table.display) (pid \(cancelled.map(String.init).joined(separator: ", "))) that held its lock, as PostgreSQL does after deadlock_timeout")
            }
        } catch {
            // Typically 42501: before PostgreSQL 18 only a superuser may signal an autovacuum worker.
            let reason = (error as? any KeelError)?.message ?? "\(type(of: error))"
            options.log?("\(step): could not cancel an autovacuum holding \(table.display) (\(reason)); retrying")
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    static func isConcurrentIndexBuild(_ statement: SQL) -> Bool {
        let text = statement.text.uppercased()
        return text.contains("CONCURRENTLY") && text.contains("INDEX") && (text.hasPrefix("CREATE") || text.hasPrefix("REINDEX"))
    }

    /// Drops the INVALID indexes on `table` whose name appears in `statement`.
    /// - Returns: How many were dropped.
    func dropInvalidIndexes(named statement: SQL, table: QualifiedName?, session: Session) async throws -> Int {
        var binds = PostgresBindings()
        if let table { binds.append(table.quoted) } else { binds.appendNull() }
        let rows = try await session.collect("""
            SELECT n.nspname, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT i.indisvalid AND ($1::text IS NULL OR i.indrelid = to_regclass($1))
            """, binds: binds) { try $0.decode((String, String).self) }
        var dropped = 0
        for (schema, name) in rows {
            let index = try QualifiedName(schema: schema, name: name)
            guard statement.text.contains(index.name.quoted) || statement.text.contains(" \(name) ") else { continue }
            try await session.execute("DROP INDEX CONCURRENTLY IF EXISTS \(index)")
            dropped += 1
        }
        return dropped
    }

    // MARK: Backfill

    /// Runs a backfill in keyset batches from its stored cursor. Each pass covers the keys that
    /// existed when it started (``BackfillRange``); rows inserted later went through the dual-write
    /// trigger. When a pass ends, the plan's `remaining` count must be zero, or another pass runs
    /// (``RolloutOptions/backfillPasses`` in all).
    func runBackfill(_ step: MigrationPlan.Step, _ backfill: MigrationPlan.Backfill, phase: MigrationPlan.PhaseKind, run: Run) async throws {
        let session = run.session
        let migration = run.migration
        var cursor = try await RolloutStore.cursor(session, migration: migration, step: step.id, initialBatch: backfill.batchSize)
        var sizer = BatchSizer(initial: cursor.batchSize, target: options.batchTarget, maximum: options.maxBatchSize)
        let remainingAtStart = try await session.one(backfill.remaining) { try $0.decode(Int64.self) }
        let total = cursor.rowsDone + remainingAtStart
        var range = try await BackfillRange.snapshot(backfill, session: session)
        let started = ContinuousClock.now
        var doneThisRun: Int64 = 0
        var passes = 1
        var rate = 0.0
        let lockTimeout = "\(Self.milliseconds(options.lockTimeout))ms"
        let batchTimeout = "\(Self.milliseconds(options.batchStatementTimeout))ms"
        while true {
            if cursor.done {
                let remaining = try await session.one(backfill.remaining) { try $0.decode(Int64.self) }
                if remaining == 0 { break }
                guard passes < options.backfillPasses else { throw RolloutError.backfillIncomplete(step: step.id, remaining: remaining) }
                try await RolloutStore.restartCursor(session, migration: migration, step: step.id)
                range = try await BackfillRange.snapshot(backfill, session: session)
                cursor.lastKey = nil
                cursor.done = false
                passes += 1
                continue
            }
            let size = sizer.size
            let last = cursor.lastKey
            let batchStarted = ContinuousClock.now
            // nil: the pass has covered its range.
            let outcome: (key: String?, updated: Int64)? = try await options.retry.run(onRetry: { attempt, pause in
                options.log?("\(step.id): a batch hit lock_timeout (attempt \(attempt)); retrying in \(Self.milliseconds(pause)) ms")
            }) { _ in
                try await session.execute("BEGIN")
                do {
                    guard try await range.beginBatch(backfill, after: last, lockTimeout: lockTimeout, statementTimeout: batchTimeout,
                                                     session: session) else {
                        try await RolloutStore.finishCursor(session, migration: migration, step: step.id)
                        try await session.execute("COMMIT")
                        return nil
                    }
                    var binds = PostgresBindings()
                    if let last { binds.append(last) } else { binds.appendNull() }
                    binds.append(size)
                    let result = try await session.one(backfill.batch, binds: binds) { try $0.decode((String?, Int64).self) }
                    try await RolloutStore.advanceCursor(session, migration: migration, step: step.id, lastKey: result.0,
                                                         updated: result.1, batchSize: size)
                    try await session.execute("COMMIT")
                    return result
                } catch {
                    try? await session.execute("ROLLBACK")
                    throw error
                }
            }
            guard let (key, updated) = outcome else {
                cursor.done = true
                continue
            }
            let elapsed = ContinuousClock.now - batchStarted
            cursor.lastKey = key ?? cursor.lastKey
            cursor.done = key == nil
            cursor.rowsDone += updated
            cursor.batches += 1
            doneThisRun += updated
            sizer.record(elapsed: elapsed)
            let runSeconds = BatchSizer.seconds(ContinuousClock.now - started)
            rate = runSeconds > 0 ? Double(doneThisRun) / runSeconds : 0
            let left = max(0, total - cursor.rowsDone)
            options.progress?(BackfillProgress(
                step: step.id, rowsDone: cursor.rowsDone, rowsTotal: total, batches: cursor.batches, batchSize: sizer.size,
                rowsPerSecond: rate, etaSeconds: rate > 0 ? Double(left) / rate : nil, lastKey: cursor.lastKey, finished: false))
            let wait = BatchSizer.wait(rows: Int(updated), elapsed: elapsed, maxRowsPerSecond: options.maxRowsPerSecond, pause: options.batchPause)
            if wait > .zero { try await Task.sleep(for: wait) }
        }
        options.progress?(BackfillProgress(
            step: step.id, rowsDone: cursor.rowsDone, rowsTotal: total, batches: cursor.batches, batchSize: sizer.size, rowsPerSecond: rate,
            etaSeconds: 0, lastKey: cursor.lastKey, finished: true))
        try await RolloutStore.log(session, migration: migration, step: step.id, phase: phase, action: "run", status: "done",
                                   message: "\(cursor.rowsDone) rows in \(cursor.batches) batches, \(passes) pass\(passes == 1 ? "" : "es")",
                                   operatorName: options.operatorName)
    }

    // MARK: Retention

    /// Drops retired columns whose retention has passed.
    /// - Returns: One line per column dropped.
    func purgeExpired(_ session: Session) async throws -> [String] {
        var lines: [String] = []
        let now = Date()
        for entry in try await RolloutStore.retired(session, migration: nil) where !entry.restored && !entry.purged && entry.retainUntil < now {
            try await transaction(["ALTER TABLE \(entry.table) DROP COLUMN IF EXISTS \(entry.retiredAs)"], step: entry.step, table: entry.table,
                                  session: session) { _ in
                try await RolloutStore.markRetired(session, entry, restored: false, purged: true)
            }
            lines.append("dropped \(entry.table.display).\(entry.retiredAs.display): its retention ended")
        }
        return lines
    }
}
