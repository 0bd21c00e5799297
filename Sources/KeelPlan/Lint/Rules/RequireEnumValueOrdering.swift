import KeelCore
import KeelSQL

/// `ALTER TYPE … ADD VALUE` without `BEFORE`/`AFTER` appends the label, which sorts last.
struct RequireEnumValueOrdering: LintRule {
    let info = LintRuleInfo(
        id: "require-enum-value-ordering", severity: .info, category: .style,
        summary: "ADD VALUE without BEFORE or AFTER appends the label at the end of the enum's sort order.",
        advice: "say where it belongs: ADD VALUE 'x' BEFORE 'y' (or AFTER)",
        peers: ["squawk:require-enum-value-ordering"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .alterType(let alter) = statement.kind, case .addValue(let value, _, let before, _) = alter.action, before == nil else { return [] }
        var last = ""
        if let labels = context.catalog?.catalog.enums.first(where: { $0.name.name == alter.name.name.value })?.labels, let end = labels.last {
            last = " (after '\(end)')"
        }
        return [LintViolation("ADD VALUE '\(value)' to \(alter.name.sql) appends it at the end of the sort order\(last)",
                              at: statement.range, object: alter.name.sql)]
    }
}
