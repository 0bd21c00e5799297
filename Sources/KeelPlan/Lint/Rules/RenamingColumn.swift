import KeelCore
import KeelSQL

/// `RENAME COLUMN` breaks every client, view and query that uses the old name, at once.
struct RenamingColumn: LintRule {
    let info = LintRuleInfo(
        id: "renaming-column", severity: .error, category: .compatibility,
        summary: "RENAME COLUMN breaks every client that still uses the old name, the moment it commits.",
        advice: "expand/contract: add the new column, keep both in sync, move readers and writers (keel plan rename_column uses versioned views), then drop the old one",
        peers: ["squawk:renaming-column", "atlas:BC102"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isNew(table) else { return [] }
        return alter.actions.compactMap { action in
            guard case .renameColumn(let old, let new) = action else { return nil }
            let object = table.display(column: old.value)
            let views = context.catalog?.views(reading: table, column: old.value) ?? []
            let dependents = views.isEmpty ? "" : "; views reading it: \(views.joined(separator: ", "))"
            return LintViolation("renaming \(object) to \(SQLPrinter.identifier(new.value)) breaks clients that use the old name\(dependents)",
                                 at: statement.at(old.range), object: object)
        }
    }
}
