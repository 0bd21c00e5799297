import KeelCore
import KeelSQL

/// `ALTER COLUMN … TYPE` rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE,
/// unless the change is binary-coercible (varchar widening, varchar ↔ text, numeric precision
/// increase, timestamp precision increase, cidr → inet, timestamp → timestamptz under UTC).
/// With the catalog, Keel knows the old type and stays quiet about those.
struct ChangingColumnType: LintRule {
    let info = LintRuleInfo(
        id: "changing-column-type", severity: .error, category: .locking,
        summary: "ALTER COLUMN TYPE rewrites the table and its indexes under ACCESS EXCLUSIVE unless the change is binary-coercible (the catalog tells which).",
        advice: "add a new column of the new type, keep it in sync with a trigger, backfill in batches, move readers, then swap (keel plan does this); widening varchar or numeric precision needs no rewrite",
        peers: ["squawk:changing-column-type", "atlas:PG301"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isExempt(table) else { return [] }
        var violations: [LintViolation] = []
        for action in alter.actions {
            guard case .alterColumnType(let column, let type, _, let using) = action else { continue }
            let object = table.display(column: column.value)
            let target = ColumnType(type)
            let range = statement.at(type.range == .none ? column.range : type.range)
            let usingIsTrivial = using.map { expression in
                if case .column(let ref) = LintContext.stripped(expression).kind { return ref.column.value == column.value }
                return false
            } ?? true
            guard let existing = context.column(table, column.value), let current = ColumnType(catalogText: existing.type) else {
                violations.append(LintViolation(
                    "changing the type of \(object) to \(target.display) may rewrite \(table.display) and rebuild its indexes under ACCESS EXCLUSIVE; \(context.catalog == nil ? "without a catalog Keel cannot tell the old type (pass --catalog or --db)" : "the catalog does not have this column")",
                    at: range, object: object, severity: .warning))
                continue
            }
            let utc = context.catalog?.timeZoneIsUTC == true && (context.catalog?.majorVersion ?? 0) >= 12
            if usingIsTrivial, current.changeIsBinaryCoercible(to: target, timeZoneIsUTC: utc) { continue }
            var why = "\(current.display) → \(target.display) is not binary-coercible"
            if !usingIsTrivial { why = "the USING expression recomputes every value" }
            if current.base == "timestamp without time zone", target.base == "timestamp with time zone" {
                why += " (timestamp → timestamptz skips the rewrite only when the session TimeZone is UTC on PG12+)"
            }
            violations.append(LintViolation(
                "changing \(object) from \(current.display) to \(target.display) rewrites \(table.display)\(context.sizeNote(table)) and rebuilds its indexes under ACCESS EXCLUSIVE: \(why)",
                at: range, object: object))
        }
        return violations
    }
}
