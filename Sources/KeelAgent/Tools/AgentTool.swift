import Foundation
import KeelCore
import MCP

/// One MCP tool: its definition (with JSON Schema and annotations) and its handler, which
/// returns any Encodable; the server sends it as canonical JSON text.
struct AgentTool: Sendable {
    let tool: Tool
    let handler: @Sendable (Arguments, AgentContext) async throws -> any Encodable & Sendable

    init(name: String, title: String, description: String, properties: [String: Value] = [:], required: [String] = [],
         readOnly: Bool, destructive: Bool = false,
         handler: @escaping @Sendable (Arguments, AgentContext) async throws -> any Encodable & Sendable) {
        tool = Tool(
            name: name, title: title, description: description,
            inputSchema: .object(["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }),
                                  "additionalProperties": false]),
            annotations: .init(title: title, readOnlyHint: readOnly, destructiveHint: destructive, idempotentHint: readOnly, openWorldHint: false))
        self.handler = handler
    }

    static func string(_ description: String) -> Value { .object(["type": "string", "description": .string(description)]) }
    static func integer(_ description: String) -> Value { .object(["type": "integer", "description": .string(description)]) }
}

/// A tool call's arguments, with typed accessors that fail with the missing name.
struct Arguments: Sendable {
    let tool: String
    let values: [String: Value]

    func string(_ name: String) throws -> String {
        guard let value = values[name]?.stringValue else { throw AgentError.missingArgument(tool: tool, name: name) }
        return value
    }

    func optionalString(_ name: String) -> String? { values[name]?.stringValue }

    /// JSON numbers may arrive as integers or doubles.
    func int(_ name: String) -> Int? {
        if let value = values[name]?.intValue { return value }
        return values[name]?.doubleValue.map { Int($0) }
    }

    func value(_ name: String) -> Value? { values[name] }
}

/// What a handler can reach: the workspace, and progress reporting for long calls.
struct AgentContext: Sendable {
    let workspace: AgentWorkspace
    let progress: @Sendable (String, Double?) async -> Void
}
