import KeelCore
import KeelDiscover
import KeelMonitor
import KeelRollout
import Logging

/// Records the drift baseline after a successful rollout command, so Keel's own DDL is never
/// reported as drift (`keel drift`).
enum RolloutBaseline {
    static let logger = Logger(label: "keel.drift")

    /// Discovers the target and records its catalog in `keel.catalog_snapshots` with the rollout's
    /// id, its last step and its operator, when the command ran or undid steps (or purged retired
    /// columns). A failure is only logged: the rollout itself succeeded, and
    /// `keel drift record` can record the baseline later.
    static func record(after outcome: RolloutExecutor.Outcome, plan: MigrationPlan, target: RolloutTarget) async {
        let purged = outcome.status == .completed && !outcome.warnings.isEmpty
        guard !outcome.ran.isEmpty || !outcome.undone.isEmpty || purged else { return }
        do {
            let rollout = try await RolloutExecutor.status(target.connection, plan: plan.hash).first
            let catalog = try await Discoverer().discover(target.connection)
            let step = outcome.ran.last ?? outcome.undone.last.map { "undo \($0)" } ?? rollout?.step
            try await CatalogBaseline.record(catalog: catalog, config: target.connection, migrationID: rollout?.id, step: step,
                                             operator: rollout?.operatorName ?? "keel")
        } catch {
            let reason = (error as? any KeelError)?.message ?? "\(type(of: error))"
            logger.warning("the drift baseline was not recorded: \(reason); record it with keel drift record --env \(target.name)")
        }
    }
}
