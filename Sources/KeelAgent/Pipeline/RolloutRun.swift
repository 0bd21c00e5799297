public import KeelCore
public import KeelLineage
public import KeelRollout

/// A rollout command as the CLI (`keel rollout`) and the MCP server (`rollout_next`,
/// `rollout_rollback`) both run it: keel.yaml's environments, production's gates, the executor,
/// and what follows a successful command. Neither face runs the executor another way.
public enum RolloutRun {
    /// What to do to the plan in the environment.
    public enum Action: Sendable, Equatable {
        /// `start`, `next` or `complete`.
        case advance(RolloutExecutor.Command)
        /// Undo every done step, last first.
        case rollback
        /// Stop without undoing.
        case abort
    }

    /// keel.yaml's environments as the rollout sees them; `nil` (no keel.yaml) leaves only `--db`.
    public static func environments(_ config: KeelConfig?) -> RolloutEnvironments {
        RolloutEnvironments(config?.environments.map { environment in
            let connection: RolloutEnvironment.Connection = switch environment.connection {
            case .url(let url): .url(url)
            case .environmentVariable(let variable): .environmentVariable(variable)
            }
            return RolloutEnvironment(name: environment.name, connection: connection, production: environment.production)
        })
    }

    /// Runs `action` for `plan` on `target`, behind production's gates (``ProductionGates``).
    /// - Parameters:
    ///   - validation: The plan's validation report, for production's `start`.
    ///   - staging: The staging environment's name when given explicitly.
    ///   - options: The executor's options (timeouts, pacing, lineage for the contract, force).
    /// - Returns: Where the rollout stands afterwards.
    public static func run(_ action: Action, plan: MigrationPlan, target: RolloutTarget, environments: RolloutEnvironments,
                           validation: ValidationReport?, staging: String?, options: RolloutOptions) async throws -> RolloutExecutor.Outcome {
        var options = options
        if case .advance(let command) = action {
            try await ProductionGates.apply(command, plan: plan, target: target, validation: validation, staging: staging,
                                            environments: environments, options: &options)
        }
        let executor = RolloutExecutor(config: target.connection, options: options)
        let snapshotWarning = await RolloutMonitorSnapshot.before(action, plan: plan, target: target, operator: options.operatorName)
        var outcome: RolloutExecutor.Outcome = switch action {
        case .advance(let command): try await executor.advance(command, plan: plan)
        case .rollback: try await executor.rollback(plan)
        case .abort: try await executor.abort(plan)
        }
        await succeeded(action, plan: plan, target: target, outcome: outcome)
        if let snapshotWarning { outcome.warnings.append(snapshotWarning) }
        return outcome
    }

    /// The one place that follows every successful rollout command of either face: what must
    /// happen once the schema changed goes here (today, the drift baseline).
    static func succeeded(_ action: Action, plan: MigrationPlan, target: RolloutTarget, outcome: RolloutExecutor.Outcome) async {
        await RolloutBaseline.record(after: outcome, plan: plan, target: target)
    }
}
