import ArgumentParser
import Foundation
import KeelAgent
import KeelCore
import KeelPostgres

/// `keel mcp`: Keel's tools for AI agents over the Model Context Protocol (stdio).
struct McpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve Keel's tools to AI agents over MCP (stdio).",
        discussion: """
            Tools: list_schemas, search_tables, describe_table, impact, column_lineage, lint_sql, \
            propose_migration, explain_plan, validate_plan, get_report, rollout_status, rollout_next, \
            rollout_rollback, run_readonly_query. Resources: the catalog, the lineage graph, plans and \
            reports. Prompt: safe-schema-change. No tool runs arbitrary writes: changes go through \
            validated plans. run_readonly_query accepts one SELECT or EXPLAIN, refuses file, network, \
            admin and side-effect functions, and runs in a READ ONLY transaction with a timeout and a \
            row limit.

            rollout_next and rollout_rollback act only on environments of keel.yaml listed in \
            --allow-rollout (none by default), only for plans with a passing validation report of the \
            same plan hash, and behind the same gates as keel rollout: production needs staging ahead, \
            the contract needs lineage rebuilt from the project showing no reader of what it drops. \
            Agents cannot force a gate. rollout_status reads every environment and writes nothing.

            Artifacts live in --workspace (default .keel): catalog.json, lineage.json, plans/, reports/.
            Standard output carries the protocol; logs go to standard error.

            Examples:
              keel mcp --db postgres://readonly@db.internal/billing --config keel.yaml
              keel mcp --db postgres://readonly@db.internal/billing --config keel.yaml --allow-rollout staging
              claude mcp add keel -- keel mcp --config /srv/billing/keel.yaml
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The project's keel.yaml (default: ./keel.yaml if present).", valueName: "keel.yaml"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Where artifacts are kept.", valueName: "dir"))
    var workspace = ".keel"

    @Option(name: .long, help: ArgumentHelp("Run read-only queries as this role (SET LOCAL ROLE).", valueName: "role"))
    var readonlyRole: String?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Environments of keel.yaml that rollout_next and rollout_rollback may act on (default: none).", valueName: "env"))
    var allowRollout: [String] = []

    func run() async throws {
        let database = try? connection.resolve()
        let configPath = config ?? (FileManager.default.fileExists(atPath: "keel.yaml") ? "keel.yaml" : nil)
        let directory = workspace.hasPrefix("/") ? workspace : FileManager.default.currentDirectoryPath + "/" + workspace
        let agent = AgentServer(
            workspace: AgentWorkspace(.init(database: database, config: configPath, directory: directory, readOnlyRole: readonlyRole,
                                            allowRollout: allowRollout)),
            version: Keel.version)
        try await agent.run()
    }
}
