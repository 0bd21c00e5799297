import KeelCore
import KeelSQL

/// Unqualified table names resolve through `search_path`, which differs between sessions. Off by
/// default (as in Squawk); turn it on in keel.yaml.
struct RequireTableSchema: LintRule {
    let info = LintRuleInfo(
        id: "require-table-schema", severity: .warning, category: .style,
        summary: "A table name without a schema depends on the session's search_path.",
        advice: "qualify the name: schema.table",
        peers: ["squawk:require-table-schema"], enabledByDefault: false)

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        let name: ObjectName
        switch statement.kind {
        case .createTable(let create): name = create.name
        case .alterTable(let alter) where alter.objectKind == "TABLE": name = alter.name
        case .drop(let drop) where drop.objectKind == "TABLE":
            return drop.names.filter { $0.schema == nil }.map {
                LintViolation("table \($0.sql) is not schema-qualified", at: statement.at($0.range), object: $0.sql)
            }
        default: return []
        }
        guard name.schema == nil else { return [] }
        return [LintViolation("table \(name.sql) is not schema-qualified", at: statement.at(name.range), object: name.sql)]
    }
}
