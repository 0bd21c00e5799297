import KeelCore
import KeelSQL

/// `char(n)` pads with spaces and compares with surprising rules; it is almost always a mistake.
struct BanCharField: LintRule {
    let info = LintRuleInfo(
        id: "ban-char-field", severity: .warning, category: .style,
        summary: "char(n) pads values with spaces and compares them with surprising rules.",
        advice: "use text (with a CHECK on the length if it matters)",
        peers: ["squawk:ban-char-field"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        statement.typeUses(in: context).compactMap { use in
            guard ColumnType(use.type).base == "character" else { return nil }
            let object = use.table.display(column: use.column.value)
            return LintViolation("\(object) is \(SQLPrinter.print(use.type)), which pads with spaces", at: use.range, object: object)
        }
    }
}
