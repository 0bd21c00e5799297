public import KeelCore
public import KeelRollout

/// Why the agent refused or could not do what a tool call asked.
public enum AgentError: KeelError {
    case refusedQuery(reason: String)
    case missingArgument(tool: String, name: String)
    case unknownPlan(id: String)
    case unknownReport(id: String)
    case noDatabase
    case noProject
    /// A rollout tool named an environment `keel mcp` was not started with `--allow-rollout` for.
    case rolloutNotAllowed(environment: String, allowed: [String])
    /// A rollout tool named a plan without a passing validation report of the same plan hash.
    case notValidated(id: String, reason: String)
    /// The rollout refused or failed: its own code and message, with a hint for an agent (which
    /// has the MCP tools, not `keel rollout`'s flags, and cannot force a gate).
    case rollout(RolloutError)

    public var code: String {
        switch self {
        case .refusedQuery: "agent.query-refused"
        case .missingArgument: "agent.missing-argument"
        case .unknownPlan: "agent.unknown-plan"
        case .unknownReport: "agent.unknown-report"
        case .noDatabase: "agent.no-database"
        case .noProject: "agent.no-project"
        case .rolloutNotAllowed: "agent.rollout-not-allowed"
        case .notValidated: "agent.plan-not-validated"
        case .rollout(let error): error.code
        }
    }

    public var message: String {
        switch self {
        case .refusedQuery(let reason): "run_readonly_query refused the statement: \(reason)"
        case .missingArgument(let tool, let name): "\(tool) needs the argument '\(name)'"
        case .unknownPlan(let id): "no plan \(id) in this workspace"
        case .unknownReport(let id): "no validation report for plan \(id) in this workspace"
        case .noDatabase: "no database configured for the agent"
        case .noProject: "no keel.yaml configured for the agent"
        case .rolloutNotAllowed(let environment, let allowed):
            "rollout tools may not act on \(environment): keel mcp was not started with --allow-rollout \(environment)"
                + (allowed.isEmpty ? " (it allows no environment)" : " (it allows \(allowed.joined(separator: ", ")))")
        case .notValidated(let id, let reason): "plan \(id) is not validated: \(reason)"
        case .rollout(let error): error.message
        }
    }

    public var hint: String? {
        switch self {
        case .refusedQuery: "only one SELECT or EXPLAIN (without ANALYZE) that calls no file, network, admin or side-effect function; changes go through propose_migration and validate_plan"
        case .missingArgument: "see the tool's input schema"
        case .unknownPlan: "propose_migration returns the plan id"
        case .unknownReport: "run validate_plan first"
        case .noDatabase: "start keel mcp with --db URL (or PG* variables)"
        case .noProject: "start keel mcp with --config keel.yaml"
        case .rolloutNotAllowed(let environment, _):
            "a person decides which environments agents may roll out to: restart keel mcp with --allow-rollout \(environment), or run keel rollout yourself"
        case .notValidated: "run validate_plan on this plan and fix what get_report finds until it passes"
        case .rollout(let error): Self.hint(for: error)
        }
    }

    static func hint(for error: RolloutError) -> String? {
        switch error {
        case .gateClosed:
            "deploy the plan's consumer patches (propose_migration lists them) into keel.yaml's project so nothing reads what the "
                + "contract drops, then call rollout_next again; agents cannot force a gate"
        case .stagingBehind: "call rollout_next on staging first; rollout_status shows where each environment stands"
        case .validationMissing: "run validate_plan until get_report shows it passed"
        case .notStarted: "rollout_next starts it (expand)"
        case .finished: "rollout_status shows every environment"
        case .otherActive: "another plan is being rolled out there: it must finish (rollout_next) or be undone (rollout_rollback) first"
        case .stepFailed: "fix the cause, then rollout_next resumes at this step; or rollout_rollback undoes the rollout"
        case .backfillIncomplete: "call rollout_next again; if rows keep differing, a person should check the dual-write trigger"
        case .restoreIncomplete: "a person must fill those rows from the new column (agents have no write path), then call rollout_rollback again"
        case .irreversible: "the dropped structure is gone; ask a person to restore it from a backup, or propose a new change"
        case .stateCorrupt: "ask a person to inspect keel.migrations and keel.step_log (keel rollout status, keel rollout abort)"
        case .noConfig, .unknownEnvironment, .environmentUnset, .noStaging:
            "fix keel.yaml's environments (docs/keel-yaml.md) or the variables they name, then restart keel mcp"
        case .busy, .reasonRequired: error.hint
        }
    }
}
