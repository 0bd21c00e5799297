import Foundation
import KeelCore
import Logging
import MCP

/// Keel over the Model Context Protocol (stdio): discovery, lineage, planning, validation,
/// rollout and read-only SQL tools; the catalog, plans and reports as resources; and the
/// `safe-schema-change` prompt. There is no tool that runs arbitrary writes: a change goes
/// propose_migration → validate_plan → rollout_next (with its gates, where `--allow-rollout` allows).
public struct AgentServer: Sendable {
    let workspace: AgentWorkspace
    let version: String

    public init(workspace: AgentWorkspace, version: String) {
        self.workspace = workspace
        self.version = version
    }

    /// Serves until stdin closes.
    public func run() async throws {
        let server = Server(
            name: "keel", version: version, title: "Keel: safe PostgreSQL schema changes",
            instructions: "Discover, analyse impact, propose a migration, validate it in a sandbox, roll it out with rollout_next where allowed; never write directly.",
            capabilities: .init(prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        let tools = ToolCatalog.all
        let workspace = self.workspace
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools.map(\.tool)) }
        await server.withMethodHandler(CallTool.self) { params in
            guard let tool = tools.first(where: { $0.tool.name == params.name }) else {
                return Self.error(code: "agent.unknown-tool", message: "no tool named \(params.name)", hint: "tools/list names them")
            }
            let token = params._meta?.progressToken
            let context = AgentContext(workspace: workspace) { message, progress in
                guard let token else { return }
                try? await server.notify(ProgressNotification.message(.init(progressToken: token, progress: progress ?? 0, message: message)))
            }
            do {
                let value = try await tool.handler(Arguments(tool: params.name, values: params.arguments ?? [:]), context)
                let text: String = if let string = value as? String { string } else { String(decoding: try CanonicalJSON.encode(value), as: UTF8.self) }
                return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], isError: false)
            } catch let error as any KeelError {
                return Self.error(code: error.code, message: error.message, hint: error.hint)
            } catch {
                return Self.error(code: "internal", message: "the tool failed", hint: nil)
            }
        }
        await server.withMethodHandler(ListResources.self) { _ in
            var resources = [Resource(name: "catalog", uri: "keel://catalog", description: "The database catalog (catalog.json)", mimeType: "application/json"),
                             Resource(name: "lineage", uri: "keel://lineage", description: "The lineage graph (lineage.json)", mimeType: "application/json")]
            for id in await workspace.planIds() {
                resources.append(Resource(name: "plan \(id)", uri: "keel://plans/\(id)", description: "A proposed plan", mimeType: "application/json"))
                resources.append(Resource(name: "report \(id)", uri: "keel://reports/\(id)", description: "Its validation report", mimeType: "application/json"))
            }
            return ListResources.Result(resources: resources)
        }
        await server.withMethodHandler(ReadResource.self) { params in
            let uri = params.uri
            let data: Data
            if uri == "keel://catalog" {
                data = try CanonicalJSON.encode(try await workspace.currentCatalog())
            } else if uri == "keel://lineage" {
                data = try CanonicalJSON.encode(try await workspace.currentLineage())
            } else if uri.hasPrefix("keel://plans/") {
                data = try CanonicalJSON.encode(try await workspace.plan(String(uri.dropFirst("keel://plans/".count))))
            } else if uri.hasPrefix("keel://reports/") {
                data = try CanonicalJSON.encode(try await workspace.report(String(uri.dropFirst("keel://reports/".count))))
            } else {
                throw MCPError.invalidParams("unknown resource \(uri)")
            }
            return ReadResource.Result(contents: [.text(String(decoding: data, as: UTF8.self), uri: uri, mimeType: "application/json")])
        }
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: [Prompt(name: "safe-schema-change", description: "Walk through discover → impact → propose → validate → rollout",
                                                arguments: [.init(name: "intent", description: "The change you want, in words", required: true)])])
        }
        await server.withMethodHandler(GetPrompt.self) { params in
            let intent = params.arguments?["intent"] ?? "(describe the change)"
            return GetPrompt.Result(description: "A safe schema change", messages: [.user(.text(text: Self.prompt(intent)))])
        }
        try await server.start(transport: StdioTransport(logger: Logger(label: "keel.mcp")))
        await server.waitUntilCompleted()
    }

    static func error(code: String, message: String, hint: String?) -> CallTool.Result {
        var fields = ["code": code, "message": message]
        if let hint { fields["hint"] = hint }
        let text = (try? CanonicalJSON.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? message
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], isError: true)
    }

    static func prompt(_ intent: String) -> String {
        """
        You are changing a production PostgreSQL schema with Keel. The intent: \(intent)

        1. Discover: use list_schemas and search_tables to find the tables the intent is about; describe_table the candidates \
        and tell similar-sounding ones apart (columns, comments, who reads them).
        2. Impact: run impact on every column you would change; list the dbt models, DAG tasks, dashboards and APIs affected.
        3. Propose: write a change spec (docs/change-spec.md) and call propose_migration; read the plan with explain_plan. \
        Check the locks, the backfill and the consumer patches.
        4. Validate: call validate_plan and read get_report. Do not go further unless it passed; fix the spec and propose again otherwise.
        5. Roll out: only through Keel's rollout, never with direct SQL: rollout_status, then rollout_next phase by phase on \
        staging before production (where keel mcp allows it; otherwise hand the plan id to a person for keel rollout). Deploy the \
        consumer patches before the migrate-consumers checkpoint and the contract; rollout_rollback undoes. run_readonly_query is \
        for reading only.
        """
    }
}
