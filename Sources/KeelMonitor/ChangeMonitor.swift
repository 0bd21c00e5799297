import Foundation
public import KeelCore
public import KeelPostgres

/// Stage 6, monitor: after a plan went live, compares its touched objects' query performance,
/// index health and data health with the "before" stored when its rollout started
/// (``MonitorSnapshotStore``), and judges the differences with keel.yaml's thresholds.
public enum ChangeMonitor {
    /// Reads the "after" now and reports against the stored "before". Read only: creates nothing.
    /// - Throws: ``MonitorError/noSnapshot(plan:environment:database:)`` when no "before" was stored.
    public static func check(plan: MigrationPlan, environment: String, thresholds: MonitorThresholds = .defaults,
                             on session: Session) async throws -> MonitorReport {
        guard let stored = try await MonitorSnapshotStore.stored(plan: plan.hash, environment: environment, on: session) else {
            throw MonitorError.noSnapshot(plan: plan.hash.short, environment: environment, database: session.config.database)
        }
        let scope = MonitorScope(plan: plan)
        let after = try await MonitorStats.read(scope, thresholds: thresholds, on: session)
        return report(plan: plan, scope: scope, environment: environment, before: stored, after: after, thresholds: thresholds)
    }

    /// Connects with `config`, checks, and closes (see ``check(plan:environment:thresholds:on:)``).
    public static func check(plan: MigrationPlan, environment: String, thresholds: MonitorThresholds = .defaults,
                             config: ConnectionConfig) async throws -> MonitorReport {
        try await Session.with(config) { session in
            try await check(plan: plan, environment: environment, thresholds: thresholds, on: session)
        }
    }

    /// The report for two snapshots, without a database (pure).
    public static func report(plan: MigrationPlan, scope: MonitorScope, environment: String?, before: MonitorSnapshotStore.Stored,
                              after: MonitorSnapshot, thresholds: MonitorThresholds) -> MonitorReport {
        var comparison = MonitorComparison(scope: scope, before: before.snapshot, after: after, thresholds: thresholds)
        comparison.run()
        let unavailable = before.snapshot.statementsUnavailable ?? after.statementsUnavailable
        return MonitorReport(
            environment: environment, plan: plan.hash, change: plan.change, snapshot: before.info, checkedAt: after.takenAt,
            thresholds: thresholds, statementsAvailable: unavailable == nil, statementsNote: unavailable,
            queries: comparison.queries, tables: comparison.tables, columns: comparison.columns, findings: comparison.findings)
    }
}
