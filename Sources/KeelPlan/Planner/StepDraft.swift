import KeelCore

/// A step before the planner numbers it and adds its timeouts and estimate.
struct StepDraft {
    /// What the step makes PostgreSQL do to the table's data, for the estimate.
    enum Work {
        /// Catalog-only: quick once the lock is granted.
        case metadata
        /// Reads every row (VALIDATE, SET NOT NULL without a proof).
        case scan
        /// Writes every row again (ALTER TYPE with a rewrite, a volatile default).
        case rewrite
        /// Builds an index (CONCURRENTLY reads the table twice).
        case indexBuild
        /// A batched UPDATE of every row.
        case backfill
    }

    var summary: String
    var table: QualifiedName?
    var statements: [SQL]
    var transactional = true
    var lock: LockLevel
    var work: Work = .metadata
    var rollback: [SQL]?
    var backfill: MigrationPlan.Backfill?
    var gate: MigrationPlan.Gate?
    var verifiable = true
    /// Adds `SET lock_timeout` / `statement_timeout` first (every DDL step does).
    var timeouts = true

    var rewrite: TableRewrite {
        switch work {
        case .metadata: .none
        case .scan, .indexBuild: .scan
        case .rewrite, .backfill: .rewrite
        }
    }

    func finish(id: String, operation: Int, context: PlanContext) -> MigrationPlan.Step {
        let estimate = Self.estimate(work, table: table.flatMap { context.catalog.table($0) })
        var sql = statements
        if timeouts {
            let scope: SQL = transactional ? "SET LOCAL" : "SET"
            let statementTimeout = work == .metadata ? 30_000 : max(60_000, estimate.milliseconds * 5)
            sql = ["\(scope) lock_timeout = \(literal: "\(context.options.lockTimeoutMilliseconds)ms")",
                   "\(scope) statement_timeout = \(literal: "\(statementTimeout)ms")"] + sql
        }
        return MigrationPlan.Step(
            id: id, operation: operation, summary: summary, table: table, statements: sql, transactional: transactional,
            lock: lock, rewrite: rewrite, estimate: estimate, rollback: rollback, backfill: backfill, gate: gate, verifiable: verifiable)
    }

    /// Rough throughput figures for commodity hardware; the sandbox measures the real ones.
    static func estimate(_ work: Work, table: Catalog.Table?) -> MigrationPlan.Estimate {
        let rows = table?.stats?.rowEstimate
        let bytes = table?.stats.map { max($0.tableBytes, 0) }
        let total = table?.stats.map { max($0.totalBytes, 0) } ?? 0
        let size = bytes ?? 0
        let milliseconds: Int64 = switch work {
        case .metadata: 50
        case .scan: 50 + size / 200_000                          // ~200 MB/s sequential read
        case .rewrite: 50 + total / 50_000                       // ~50 MB/s heap and index rewrite
        case .indexBuild: 50 + size / 40_000                     // two scans and a sort
        case .backfill: 50 + max((rows ?? 0) / 20, size / 20_000)  // ~20k rows/s in 1,000-row batches
        }
        return MigrationPlan.Estimate(rows: rows, bytes: bytes, milliseconds: milliseconds)
    }
}
