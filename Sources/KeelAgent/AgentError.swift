public import KeelCore

/// Why the agent refused or could not do what a tool call asked.
public enum AgentError: KeelError {
    case refusedQuery(reason: String)
    case missingArgument(tool: String, name: String)
    case unknownPlan(id: String)
    case unknownReport(id: String)
    case noDatabase
    case noProject

    public var code: String {
        switch self {
        case .refusedQuery: "agent.query-refused"
        case .missingArgument: "agent.missing-argument"
        case .unknownPlan: "agent.unknown-plan"
        case .unknownReport: "agent.unknown-report"
        case .noDatabase: "agent.no-database"
        case .noProject: "agent.no-project"
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
        }
    }
}
