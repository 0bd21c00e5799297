public import KeelCore
public import KeelPostgres

extension RolloutExecutor {
    /// The phases `command` would run for `plan` in a database, read without the lock and without
    /// creating the `keel` schema, so a gate can refuse before anything is written. The executor
    /// checks the same gate again under its lock before running anything.
    /// - Returns: The phases with steps left up to the command's last phase; empty when the
    ///   command would run nothing or would fail on the rollout's state (not started, finished).
    public static func pendingPhases(_ command: Command, plan: MigrationPlan, config: ConnectionConfig,
                                     environment: String) async throws -> [MigrationPlan.PhaseKind] {
        let stored = try await machine(config, plan: plan, environment: environment)
        let current: RolloutStateMachine
        if let stored, stored.status == .active {
            current = stored
        } else if command == .start, stored?.status != .completed {
            current = RolloutStateMachine(steps: stepInfos(plan, retention: nil), environment: environment)
        } else {
            return []
        }
        let last: MigrationPlan.PhaseKind = switch command {
        case .start: .expand
        case .next: current.nextPhase ?? .contract
        case .complete: .contract
        }
        return current.pendingPhases(through: last)
    }
}
