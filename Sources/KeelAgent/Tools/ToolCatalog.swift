import Foundation
import KeelCore
import KeelLineage
import KeelPlan
import KeelSQL
import MCP

/// Every tool the agent offers. None runs arbitrary writes: outside `validate_plan`'s throwaway
/// sandbox, only the rollout tools change a database, and only by carrying out a validated plan
/// through the rollout's gates in an environment `--allow-rollout` names.
enum ToolCatalog {
    static let all: [AgentTool] = discovery + lineage + planning + validation + rollout + monitor + query

    // MARK: Discovery

    static let discovery: [AgentTool] = [
        AgentTool(name: "list_schemas", title: "List schemas", description: "Schemas of the database with their counts of tables, views and functions.",
                  readOnly: true) { _, context in
            try await context.workspace.currentCatalog().countsBySchema()
        },
        AgentTool(name: "search_tables", title: "Search tables",
                  description: "The tables and views a request in plain words is about, best first, each with its reasons: names (abbreviations, plurals and synonyms), columns, comments, foreign-key neighbours and size (keel find).",
                  properties: ["query": AgentTool.string("Words to look for, e.g. 'invoice amounts'"), "limit": AgentTool.integer("At most this many (20)")],
                  required: ["query"], readOnly: true) { arguments, context in
            let catalog = try await context.workspace.currentCatalog()
            return TableSearch.search(catalog, query: try arguments.string("query"), limit: arguments.int("limit") ?? 20)
        },
        AgentTool(name: "describe_table", title: "Describe a table",
                  description: "Columns, constraints, indexes, size and the consumers that read a table.",
                  properties: ["table": AgentTool.string("schema.table or table")], required: ["table"], readOnly: true) { arguments, context in
            let catalog = try await context.workspace.currentCatalog()
            let lineage = try? await context.workspace.currentLineage()
            return try TableSearch.describe(catalog, lineage: lineage, table: try arguments.string("table"))
        },
    ]

    // MARK: Lineage

    static let lineage: [AgentTool] = [
        AgentTool(name: "impact", title: "Impact of a change",
                  description: "Everything downstream (or upstream) of a column, table or consumer: dbt models, DAG tasks, dashboards, APIs; for a key column also the columns tied to it by declared or inferred foreign keys (joinKeys).",
                  properties: ["target": AgentTool.string("public.invoices.amount, public.invoices or a consumer id"),
                               "direction": .object(["type": "string", "enum": ["downstream", "upstream"]])],
                  required: ["target"], readOnly: true) { arguments, context in
            let graph = try await context.workspace.currentLineage()
            let direction = ImpactDirection(rawValue: arguments.optionalString("direction") ?? "downstream") ?? .downstream
            // Join keys come from the workspace's catalog when there is one; impact works without.
            let keys = (try? await context.workspace.currentCatalog()).map(JoinKeys.init)
            return try ImpactAnalyzer(index: LineageIndex(graph), keys: keys).impact(of: try arguments.string("target"), direction: direction)
        },
        AgentTool(name: "column_lineage", title: "Column lineage of SQL",
                  description: "Per-statement column lineage (OpenLineage DIRECT/INDIRECT) of SQL, bound against the catalog.",
                  properties: ["sql": AgentTool.string("One or more statements")], required: ["sql"], readOnly: true) { arguments, context in
            let catalog = try await context.workspace.currentCatalog()
            return LineageAnalyzer(schema: CatalogSchema(catalog)).analyze(try arguments.string("sql"))
        },
    ]

    // MARK: Planning

    static let planning: [AgentTool] = [
        AgentTool(name: "lint_sql", title: "Lint a migration",
                  description: "Catalog-aware lint of migration SQL: locks, rewrites, breaking changes, with fix advice.",
                  properties: ["sql": AgentTool.string("The migration")], required: ["sql"], readOnly: true) { arguments, context in
            let catalog = try await context.workspace.currentCatalog()
            return Linter(catalog: catalog).lint([LintSource(path: "migration.sql", text: try arguments.string("sql"))])
        },
        AgentTool(name: "propose_migration", title: "Propose a migration",
                  description: """
                      Turn a change spec (docs/change-spec.md; YAML or JSON text, or an object) into an expand/contract plan. \
                      Returns the plan id, a summary per phase, the consumers affected and the patches for them. Writes nothing to the database.
                      """,
                  properties: ["spec": .object(["description": "The change spec, as YAML/JSON text or an object"])], required: ["spec"],
                  readOnly: true) { arguments, context in
            guard let value = arguments.value("spec") else { throw AgentError.missingArgument(tool: "propose_migration", name: "spec") }
            let text: String = if let string = value.stringValue { string } else { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
            let loaded = try ChangeSpecLoader.parse(text, file: "spec")
            let catalog = try await context.workspace.currentCatalog()
            let graph = try? await context.workspace.currentLineage()
            var sources: [ConsumerSource] = []
            if let graph { sources = await context.workspace.consumerSources(graph) }
            let plan = try Planner(catalog: catalog, lineage: graph).plan(loaded, consumers: sources)
            let id = try await context.workspace.save(plan)
            return PlanSummary(id: id, plan: plan)
        },
        AgentTool(name: "explain_plan", title: "Explain a plan",
                  description: "The plan as readable markdown: every step with its SQL, lock, rewrite, estimate and rollback.",
                  properties: ["plan_id": AgentTool.string("From propose_migration")], required: ["plan_id"], readOnly: true) { arguments, context in
            try await context.workspace.plan(try arguments.string("plan_id")).markdown()
        },
    ]

    // MARK: Validation

    static let validation: [AgentTool] = [
        AgentTool(name: "validate_plan", title: "Validate a plan in a sandbox",
                  description: """
                      Run the plan in a throwaway sandbox cloned from the database: baseline, traced apply, dual-write checks, replay and \
                      diff of every consumer, query plans, rollback. Long-running; sends progress notifications. The database is only read.
                      """,
                  properties: ["plan_id": AgentTool.string("From propose_migration"), "sample": AgentTool.integer("Rows copied whole per table (10000)")],
                  required: ["plan_id"], readOnly: true) { arguments, context in
            let id = try arguments.string("plan_id")
            let plan = try await context.workspace.plan(id)
            let counter = ProgressCounter()
            let report = try await ValidationRun.run(
                plan, source: try await context.workspace.database(), sandboxServer: nil, sampleRows: arguments.int("sample") ?? 10_000,
                config: context.workspace.configuration.config,
                progress: { message in Task { await context.progress(message, await counter.next()) } })
            try await context.workspace.save(report, for: id)
            return ReportSummary(id: id, report: report)
        },
        AgentTool(name: "get_report", title: "Get a validation report",
                  description: "The validation report of a plan, with every finding.",
                  properties: ["plan_id": AgentTool.string("From propose_migration")], required: ["plan_id"], readOnly: true) { arguments, context in
            try await context.workspace.report(try arguments.string("plan_id"))
        },
    ]

    // MARK: Rollout

    static let rollout: [AgentTool] = [
        AgentTool(name: "rollout_status", title: "Rollout status",
                  description: """
                      Where a plan stands in each environment of keel.yaml: status, phases and steps done, backfill cursors, \
                      whether rollout tools may act there, and whether the plan is validated. Reads each environment's keel schema; writes nothing.
                      """,
                  properties: ["plan_id": AgentTool.string("From propose_migration")], required: ["plan_id"], readOnly: true) { arguments, context in
            try await AgentRollout.status(try arguments.string("plan_id"), workspace: context.workspace)
        },
        AgentTool(name: "rollout_next", title: "Run the next rollout phase",
                  description: """
                      Run the next phase of a validated plan in an environment keel mcp was started with --allow-rollout for: expand \
                      first, then backfill (with progress notifications), dual write, migrate consumers (a checkpoint: deploy the patches \
                      first) and contract. The same gates as keel rollout: production needs staging ahead, the contract needs lineage \
                      rebuilt from the project showing no reader of what it drops. No gate can be forced.
                      """,
                  properties: ["plan_id": AgentTool.string("From propose_migration, with a passing validate_plan"),
                               "environment": AgentTool.string("An environment of keel.yaml listed in --allow-rollout")],
                  required: ["plan_id", "environment"], readOnly: false, destructive: true) { arguments, context in
            try await AgentRollout.next(try arguments.string("plan_id"), environment: try arguments.string("environment"), context: context)
        },
        AgentTool(name: "rollout_rollback", title: "Roll a rollout back",
                  description: """
                      Undo a validated plan's rollout in an environment listed in --allow-rollout, last step first: drop what expand \
                      added; after the contract, rename a retained column back. Writes nothing when there is no rollout to undo.
                      """,
                  properties: ["plan_id": AgentTool.string("From propose_migration"),
                               "environment": AgentTool.string("An environment of keel.yaml listed in --allow-rollout")],
                  required: ["plan_id", "environment"], readOnly: false, destructive: true) { arguments, context in
            try await AgentRollout.rollback(try arguments.string("plan_id"), environment: try arguments.string("environment"), context: context)
        },
    ]

    // MARK: Read-only SQL

    static let query: [AgentTool] = [
        AgentTool(name: "run_readonly_query", title: "Run a read-only query",
                  description: """
                      Run one SELECT or EXPLAIN (without ANALYZE) in a READ ONLY transaction with a timeout and a row limit. \
                      Writes, file and network functions, admin and side-effect functions are refused.
                      """,
                  properties: ["sql": AgentTool.string("One SELECT or EXPLAIN"), "limit": AgentTool.integer("At most this many rows (100)")],
                  required: ["sql"], readOnly: true) { arguments, context in
            let result = try await ReadOnlyQuery.run(try arguments.string("sql"), config: try await context.workspace.database(),
                                                     limit: min(max(arguments.int("limit") ?? 100, 1), 10_000), timeoutMilliseconds: 10_000,
                                                     role: context.workspace.configuration.readOnlyRole)
            return QueryResult(rows: result.rows, truncated: result.truncated)
        },
    ]
}

/// Counts progress steps for notifications.
actor ProgressCounter {
    private var count = 0.0
    func next() -> Double {
        count += 1
        return count
    }
}

struct QueryResult: Codable, Sendable {
    /// Each row as a JSON object (text), or EXPLAIN's lines.
    var rows: [String]
    var truncated: Bool
}

struct PlanSummary: Codable, Sendable {
    var id: String
    var change: String
    var hash: String
    var phases: [String: [String]]
    var gates: [MigrationPlan.Gate]
    var patches: [MigrationPlan.ConsumerPatch]
    var notes: [String]

    init(id: String, plan: MigrationPlan) {
        self.id = id
        change = plan.change
        hash = plan.hash.value
        phases = Dictionary(uniqueKeysWithValues: plan.phases.map { ($0.kind.rawValue, $0.steps.map { "\($0.id): \($0.summary) [\($0.lock.rawValue)]" }) })
        gates = plan.steps.compactMap(\.gate).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        patches = plan.consumerPatches
        notes = plan.notes.map(\.message)
    }
}

struct ReportSummary: Codable, Sendable {
    var id: String
    var passed: Bool
    var findings: [ValidationReport.Finding]
    var steps: Int
    var outputs: Int

    init(id: String, report: ValidationReport) {
        self.id = id
        passed = report.passed
        findings = report.findings
        steps = report.steps.count
        outputs = report.outputs.count
    }
}
