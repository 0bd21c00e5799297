import KeelCore
import KeelSQL

/// 16-bit integer columns overflow at 32,767.
struct PreferBigintOverSmallint: LintRule {
    let info = LintRuleInfo(
        id: "prefer-bigint-over-smallint", severity: .warning, category: .style,
        summary: "smallint columns overflow at 32,767, and widening them later rewrites the table.",
        advice: "use bigint (or integer with a CHECK if the range is truly small)",
        peers: ["squawk:prefer-bigint-over-smallint"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        statement.typeUses(in: context).compactMap { use in
            guard ColumnType(use.type).isSmallInteger else { return nil }
            let object = use.table.display(column: use.column.value)
            return LintViolation("\(object) is a 16-bit \(use.type.name.name.value): it overflows at 32,767 and widening it later rewrites the table",
                                 at: use.range, object: object, severity: use.isKey ? nil : .info)
        }
    }
}
