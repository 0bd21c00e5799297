import Foundation
import KeelCore
import KeelDiscover
import KeelLineage
import KeelPostgres
import KeelRollout
import Synchronization

/// The rollout tools: where a workspace plan stands in keel.yaml's environments, and its next
/// phase or its rollback in an environment the person who started `keel mcp` allowed
/// (`--allow-rollout`), for a plan with a passing validation report. Everything else goes through
/// ``RolloutRun``, the path `keel rollout` takes: the same gates, and no `--force` for agents.
enum AgentRollout {
    /// A plan and an environment a rollout tool may act on.
    struct Permit {
        var id: String
        var plan: MigrationPlan
        var report: ValidationReport
        var config: KeelConfig
        var environments: RolloutEnvironments
        var target: RolloutTarget
    }

    /// Checks, before connecting anywhere, that `environment` is allowed and the plan validated.
    static func permit(_ id: String, environment: String, workspace: AgentWorkspace) async throws -> Permit {
        let allowed = workspace.configuration.allowRollout
        guard allowed.contains(environment) else { throw AgentError.rolloutNotAllowed(environment: environment, allowed: allowed) }
        let plan = try await workspace.plan(id)
        let report: ValidationReport
        do {
            report = try await workspace.report(id)
        } catch let error as AgentError {
            guard case .unknownReport = error else { throw error }
            throw AgentError.notValidated(id: id, reason: "it has no validation report")
        }
        if let problem = RolloutGates.validation(report, for: plan) { throw AgentError.notValidated(id: id, reason: problem) }
        let config = try project(workspace)
        let environments = RolloutRun.environments(config)
        return Permit(id: id, plan: plan, report: report, config: config, environments: environments,
                      target: try environments.target(environment))
    }

    static func project(_ workspace: AgentWorkspace) throws -> KeelConfig {
        guard let path = workspace.configuration.config else { throw AgentError.noProject }
        return try KeelConfig.load(path)
    }

    /// `rollout_next`: starts the rollout (expand) when the plan is not active in the environment,
    /// else runs its next phase.
    static func next(_ id: String, environment: String, context: AgentContext) async throws -> RolloutStepSummary {
        try await forAgents { try await runNext(id, environment: environment, context: context) }
    }

    private static func runNext(_ id: String, environment: String, context: AgentContext) async throws -> RolloutStepSummary {
        let permit = try await permit(id, environment: environment, workspace: context.workspace)
        let connection = permit.target.connection
        let latest = try await RolloutExecutor.status(connection, plan: permit.plan.hash).first
        let command: RolloutExecutor.Command = switch latest?.status {
        case nil, .rolledBack?, .aborted?: .start
        default: .next
        }
        var options = options(permit.target, context: context)
        let pending = try await RolloutExecutor.pendingPhases(command, plan: permit.plan, config: connection, environment: permit.target.name)
        if pending.contains(.contract) {
            // The contract gate reads lineage rebuilt now, from the project as it stands, like `--lineage` after the consumers moved.
            options.log?("rebuilding lineage from keel.yaml for the contract gate")
            let catalog = try await Discoverer().discover(connection)
            options.lineage = try LineageBuilder().build(config: permit.config, catalog: catalog,
                                                         loading: .init(environment: ProcessInfo.processInfo.environment))
        }
        let outcome = try await RolloutRun.run(.advance(command), plan: permit.plan, target: permit.target, environments: permit.environments,
                                               validation: permit.report, staging: nil, options: options)
        return RolloutStepSummary(id: id, environment: permit.target.name, outcome: outcome)
    }

    /// `rollout_rollback`: undoes every done step of the plan's rollout in the environment.
    static func rollback(_ id: String, environment: String, context: AgentContext) async throws -> RolloutStepSummary {
        try await forAgents { try await runRollback(id, environment: environment, context: context) }
    }

    private static func runRollback(_ id: String, environment: String, context: AgentContext) async throws -> RolloutStepSummary {
        let permit = try await permit(id, environment: environment, workspace: context.workspace)
        // Read first, so undoing a plan that never ran there creates no keel schema.
        guard try await !RolloutExecutor.status(permit.target.connection, plan: permit.plan.hash).isEmpty else {
            throw RolloutError.notStarted(environment: permit.target.name, plan: permit.plan.hash)
        }
        let outcome = try await RolloutRun.run(.rollback, plan: permit.plan, target: permit.target, environments: permit.environments,
                                               validation: permit.report, staging: nil, options: options(permit.target, context: context))
        return RolloutStepSummary(id: id, environment: permit.target.name, outcome: outcome)
    }

    /// `rollout_status`: the plan's latest rollout in each environment of keel.yaml (read only).
    static func status(_ id: String, workspace: AgentWorkspace) async throws -> RolloutStatusSummary {
        try await forAgents { try await readStatus(id, workspace: workspace) }
    }

    /// Rollout errors keep their code and message and get a hint for agents (``AgentError/rollout(_:)``).
    private static func forAgents<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as RolloutError { throw AgentError.rollout(error) }
    }

    private static func readStatus(_ id: String, workspace: AgentWorkspace) async throws -> RolloutStatusSummary {
        let plan = try await workspace.plan(id)
        let validated = (try? await workspace.report(id)).map { RolloutGates.validation($0, for: plan) == nil } ?? false
        let environments = RolloutRun.environments(try project(workspace))
        let overview = try await environments.status(of: environments.names, plan: plan.hash, strict: false)
        let allowed = workspace.configuration.allowRollout
        return RolloutStatusSummary(
            id: id, change: plan.change, validated: validated,
            environments: (environments.declared ?? []).map { environment in
                EnvironmentRollout(environment, plan: plan, record: overview.environments[environment.name]?.first,
                                   unreachable: overview.unreachable[environment.name], allowed: allowed.contains(environment.name))
            })
    }

    /// Defaults of `keel rollout`, recorded as run by the agent; step lines and backfill progress
    /// become progress notifications. No force: agents cannot open a closed gate.
    static func options(_ target: RolloutTarget, context: AgentContext) -> RolloutOptions {
        var options = RolloutOptions(environment: target.name, operatorName: "keel mcp (\(OSUser.operatorName()))")
        let counter = ProgressCounter()
        let notify: @Sendable (String) -> Void = { message in Task { await context.progress(message, await counter.next()) } }
        options.log = notify
        let decile = Mutex(-1)
        options.progress = { progress in
            let total = max(progress.rowsTotal ?? 0, progress.rowsDone)
            let reached = total > 0 ? Int(progress.rowsDone * 10 / total) : 10
            let advanced = decile.withLock { last in
                guard reached > last else { return false }
                last = reached
                return true
            }
            guard advanced || progress.finished else { return }
            notify("\(progress.step): \(progress.rowsDone)/\(total) rows, \(Int(progress.rowsPerSecond)) rows/s")
        }
        return options
    }
}

/// What rollout_next or rollout_rollback did, and what comes next.
struct RolloutStepSummary: Codable, Sendable {
    var id: String
    var environment: String
    var status: String
    var completedPhase: String?
    var nextPhase: String?
    var ran: [String]
    var undone: [String]
    var warnings: [String]
    var next: String

    init(id: String, environment: String, outcome: RolloutExecutor.Outcome) {
        self.id = id
        self.environment = environment
        status = outcome.status.rawValue
        completedPhase = outcome.completedPhase?.rawValue
        nextPhase = outcome.nextPhase?.rawValue
        ran = outcome.ran
        undone = outcome.undone
        warnings = outcome.warnings
        next = switch (outcome.status, outcome.nextPhase) {
        case (.active, .migrateConsumers?):
            "deploy the plan's consumer patches, then call rollout_next: it records the consumers as moved"
        case (.active, .contract?):
            "once the consumers read the new structure (keel.yaml's project rebuilt shows no reader of what the contract drops), call rollout_next for the contract"
        case (.active, let phase?): "call rollout_next for the \(phase.title.lowercased()) phase"
        case (.completed, _): "done on \(environment); rollout_status shows every environment"
        case (.rolledBack, _): "rolled back on \(environment); rollout_next starts again from expand"
        default: "rollout_status shows where the plan stands"
        }
    }
}

/// rollout_status's answer.
struct RolloutStatusSummary: Codable, Sendable {
    var id: String
    var change: String
    /// Whether the plan has a passing validation report (rollout_next needs one).
    var validated: Bool
    var environments: [EnvironmentRollout]
}

/// Where the plan stands in one environment.
struct EnvironmentRollout: Codable, Sendable {
    var name: String
    var production: Bool
    /// Whether rollout_next and rollout_rollback may act here (`--allow-rollout`).
    var rolloutAllowed: Bool
    /// `not started`, `unreachable`, or the rollout's status (`active`, `completed`, `rolled_back`, `aborted`).
    var status: String
    var completedPhase: String?
    var nextPhase: String?
    /// Every phase of the plan with its steps done here.
    var phases: [PhaseProgress]
    var backfills: [RolloutRecord.Cursor]
    var forcedReason: String?
    var lastError: String?
    var unreachable: String?

    struct PhaseProgress: Codable, Sendable {
        var phase: String
        var done: Int
        var steps: Int
    }

    init(_ environment: RolloutEnvironment, plan: MigrationPlan, record: RolloutRecord?, unreachable: String?, allowed: Bool) {
        name = environment.name
        production = environment.production
        rolloutAllowed = allowed
        status = unreachable != nil ? "unreachable" : record?.status.rawValue ?? "not started"
        completedPhase = record?.completedPhase?.rawValue
        nextPhase = record?.nextPhase?.rawValue
        let done = Set(record?.stepsDone ?? [])
        phases = plan.phases.map { PhaseProgress(phase: $0.kind.rawValue, done: $0.steps.filter { done.contains($0.id) }.count, steps: $0.steps.count) }
        backfills = record?.backfills ?? []
        forcedReason = record?.forcedReason
        lastError = record?.lastError
        self.unreachable = unreachable
    }
}
