import KeelCore
import KeelSQL

/// `varchar(n)`: the limit lives in the type, so narrowing it rewrites the table and clients learn
/// about it only from errors. Widening is catalog-only, so this is advice, not a lock problem.
struct PreferTextField: LintRule {
    let info = LintRuleInfo(
        id: "prefer-text-field", severity: .info, category: .style,
        summary: "varchar(n) puts the length limit in the type: narrowing it later rewrites the table (widening is catalog-only).",
        advice: "use text with a CHECK (char_length(col) <= n) constraint, which can be changed with NOT VALID + VALIDATE",
        peers: ["squawk:prefer-text-field"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        statement.typeUses(in: context).compactMap { use in
            let type = ColumnType(use.type)
            guard type.base == "character varying", !type.modifiers.isEmpty else { return nil }
            let object = use.table.display(column: use.column.value)
            return LintViolation("\(object) is \(type.display); prefer text with a CHECK on its length", at: use.range, object: object)
        }
    }
}
