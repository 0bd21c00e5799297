import KeelCore
import KeelSQL

/// `ALTER TABLE … RENAME TO` breaks every client that uses the old name.
struct RenamingTable: LintRule {
    let info = LintRuleInfo(
        id: "renaming-table", severity: .error, category: .compatibility,
        summary: "Renaming a table breaks every client that still uses the old name.",
        advice: "rename, then create a view with the old name over the new table so old clients keep working, and drop the view once they have moved",
        peers: ["squawk:renaming-table", "atlas:BC101"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isNew(table) else { return [] }
        return alter.actions.compactMap { action in
            guard case .renameTable(let new) = action else { return nil }
            var dependents: [String] = []
            if let catalog = context.catalog {
                dependents = catalog.views(reading: table, column: nil) + catalog.referencingTables(table).map { "\($0) (foreign key)" }
            }
            let note = dependents.isEmpty ? "" : "; it is used by \(dependents.joined(separator: ", "))"
            return LintViolation("renaming \(table.display) to \(SQLPrinter.identifier(new.value)) breaks clients that use the old name\(note)",
                                 at: statement.at(alter.name.range), object: table.display)
        }
    }
}
