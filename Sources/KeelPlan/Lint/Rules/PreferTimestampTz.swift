import KeelCore
import KeelSQL

/// `timestamp` (without time zone) stores wall-clock time and drops the offset.
struct PreferTimestampTz: LintRule {
    let info = LintRuleInfo(
        id: "prefer-timestamp-tz", severity: .warning, category: .style,
        summary: "timestamp without time zone drops the UTC offset: the same instant written from two zones stores two different values.",
        advice: "use timestamptz (timestamp with time zone)",
        peers: ["squawk:prefer-timestamp-tz", "squawk:prefer-timestamptz"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        statement.typeUses(in: context).compactMap { use in
            guard ColumnType(use.type).base == "timestamp without time zone" else { return nil }
            let object = use.table.display(column: use.column.value)
            return LintViolation("\(object) is timestamp without time zone; it drops the UTC offset", at: use.range, object: object)
        }
    }
}
