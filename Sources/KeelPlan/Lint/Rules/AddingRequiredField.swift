import KeelCore
import KeelSQL

/// `ADD COLUMN … NOT NULL` without a default fails on any table that has rows.
struct AddingRequiredField: LintRule {
    let info = LintRuleInfo(
        id: "adding-required-field", severity: .error, category: .correctness,
        summary: "ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows, and makes the column required for every writer.",
        advice: "give it a non-volatile DEFAULT (catalog-only on PG11+), or add it nullable, backfill in batches, then CHECK (col IS NOT NULL) NOT VALID → VALIDATE → SET NOT NULL",
        peers: ["squawk:adding-required-field", "atlas:MF103"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isExempt(table) else { return [] }
        return statement.addedColumns.compactMap { column in
            let kinds = column.constraints.map(\.kind)
            let notNull = kinds.contains { if case .notNull = $0 { true } else if case .primaryKey = $0 { true } else { false } }
            let filled = kinds.contains { kind in
                switch kind {
                case .default, .identity, .generated: true
                default: false
                }
            } || column.type.map { ColumnType.serials.contains($0.name.name.value.lowercased()) } == true
            guard notNull, !filled else { return nil }
            let object = table.display(column: column.name.value)
            return LintViolation(
                "adding NOT NULL column \(object) without a DEFAULT fails if \(table.display) has any row\(context.sizeNote(table)), and breaks every INSERT that does not set it",
                at: statement.at(column.range), object: object)
        }
    }
}
