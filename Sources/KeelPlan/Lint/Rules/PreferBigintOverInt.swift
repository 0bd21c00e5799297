import KeelCore
import KeelSQL

/// 32-bit integer columns overflow at 2,147,483,647; changing them later rewrites the table.
/// Keys (primary keys, identities, serials, foreign keys, `id`/`*_id`) are warnings; other columns info.
struct PreferBigintOverInt: LintRule {
    let info = LintRuleInfo(
        id: "prefer-bigint-over-int", severity: .warning, category: .style,
        summary: "integer columns overflow at 2^31 − 1, and widening them later rewrites the table.",
        advice: "use bigint (8 bytes instead of 4) for keys and counters",
        peers: ["squawk:prefer-bigint-over-int"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        statement.typeUses(in: context).compactMap { use in
            guard ColumnType(use.type).isInteger else { return nil }
            let object = use.table.display(column: use.column.value)
            return LintViolation("\(object) is a 32-bit \(use.type.name.name.value)\(use.isKey ? " key" : ""): it overflows at 2,147,483,647 and widening it later rewrites the table",
                                 at: use.range, object: object, severity: use.isKey ? nil : .info)
        }
    }
}
