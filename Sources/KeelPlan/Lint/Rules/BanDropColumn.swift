import KeelCore
import KeelSQL

/// `DROP COLUMN` destroys data and breaks every client that still reads or writes the column.
struct BanDropColumn: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-column", severity: .error, category: .compatibility,
        summary: "DROP COLUMN destroys the data and breaks clients that still read or write the column.",
        advice: "drop it only in the contract phase, after lineage shows no consumer left (keel plan gates this); stop writes first, then reads, then drop",
        peers: ["squawk:ban-drop-column", "atlas:DS103"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isNew(table) else { return [] }
        return alter.actions.compactMap { action in
            guard case .dropColumn(let column, _, let behavior) = action else { return nil }
            let object = table.display(column: column.value)
            let views = context.catalog?.views(reading: table, column: column.value) ?? []
            var note = ""
            if !views.isEmpty {
                note = behavior == .cascade ? "; CASCADE also drops views \(views.joined(separator: ", "))"
                                            : "; it fails while views \(views.joined(separator: ", ")) read it"
            }
            return LintViolation("dropping \(object) destroys its data and breaks clients that still use it\(note)",
                                 at: statement.at(column.range), object: object)
        }
    }
}
