import KeelCore
import KeelSQL

/// `DROP NOT NULL` is cheap for the database but lets NULLs reach clients that assume none.
struct BanDropNotNull: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-not-null", severity: .warning, category: .compatibility,
        summary: "DROP NOT NULL lets NULLs reach readers that assume the column is always set.",
        advice: "make every reader NULL-safe first (keel lineage lists them), then drop the constraint",
        peers: ["squawk:ban-drop-not-null"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isNew(table) else { return [] }
        return alter.actions.compactMap { action in
            guard case .dropNotNull(let column) = action else { return nil }
            if let existing = context.column(table, column.value), existing.nullable { return nil }  // already nullable: no-op
            let object = table.display(column: column.value)
            return LintViolation("dropping NOT NULL on \(object) lets NULLs reach clients that assume it is always set",
                                 at: statement.at(column.range), object: object)
        }
    }
}
