import KeelCore
import KeelMonitor
import KeelRollout
import Logging

/// Takes `keel monitor`'s "before" snapshot when a rollout starts, so monitor can later compare
/// the touched objects with how they were before the first step ran.
enum RolloutMonitorSnapshot {
    static let logger = Logger(label: "keel.monitor")

    /// Stores the snapshot for `start` (keeping an earlier one of the same plan and environment);
    /// nothing for other actions. Best effort, like the drift baseline: a failure never blocks the
    /// rollout, it comes back as a warning to report.
    /// - Returns: The warning, or nil when the snapshot was stored (or not needed).
    static func before(_ action: RolloutRun.Action, plan: MigrationPlan, target: RolloutTarget, operator operatorName: String) async -> String? {
        guard case .advance(.start) = action else { return nil }
        do {
            try await MonitorSnapshotStore.take(plan: plan, environment: target.name, source: .rolloutStart, operator: operatorName,
                                                config: target.connection)
            return nil
        } catch {
            let reason = (error as? any KeelError)?.message ?? "\(type(of: error))"
            let warning = "keel monitor's before snapshot was not taken: \(reason); take it with keel monitor snapshot PLAN --env \(target.name) before the next step"
            logger.warning("\(warning)")
            return warning
        }
    }
}
