import KeelCore
import KeelSQL

/// `DROP CONSTRAINT` removes a guarantee clients rely on; dropping a foreign key also takes ACCESS
/// EXCLUSIVE on the referenced table. The kind comes from the file, the catalog, or the name.
struct BanDropConstraint: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-constraint", severity: .warning, category: .compatibility,
        summary: "DROP CONSTRAINT removes a guarantee (uniqueness, referential integrity, a CHECK) that clients may rely on.",
        advice: "make sure no client relies on the guarantee; for a foreign key, set lock_timeout (it locks the referenced table too) and keep orphans from appearing",
        peers: ["squawk:ban-drop-constraint", "atlas:CD101"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isNew(table) else { return [] }
        return alter.actions.compactMap { action in
            guard case .dropConstraint(let name, _, _) = action else { return nil }
            // A constraint this file added (a temporary NOT NULL check, say) guards nothing yet.
            if context.state.fileConstraints[table]?[name.value] != nil { return nil }
            let kind = context.constraintKind(table, name.value)
            let label = SQLPrinter.identifier(name.value)
            let message: String
            switch kind?.kind {
            case .foreignKey:
                let target = context.table(table)?.constraints.first { $0.name.name == name.value }?.foreignKey.map { TableKey($0.referencedTable).display }
                message = "dropping foreign key \(label) on \(table.display)\(target.map { " → \($0)" } ?? "") removes referential integrity (orphans can appear) and takes ACCESS EXCLUSIVE on both tables"
            case .unique, .primaryKey:
                message = "dropping \(kind?.kind == .primaryKey ? "primary key" : "unique constraint") \(label) on \(table.display) lets duplicates in and breaks ON CONFLICT and foreign keys that use it"
            case .check:
                message = "dropping CHECK \(label) on \(table.display) lets rows that violate it in"
            default:
                message = "dropping constraint \(label) on \(table.display) removes a guarantee clients may rely on"
            }
            return LintViolation(message, at: statement.at(name.range), object: table.display)
        }
    }
}
