import KeelCore
import KeelSQL

/// `ADD EXCLUDE` builds its index under ACCESS EXCLUSIVE, and there is no online path.
struct AddingExclusionConstraint: LintRule {
    let info = LintRuleInfo(
        id: "adding-exclusion-constraint", severity: .error, category: .locking,
        summary: "ADD EXCLUDE builds its index under ACCESS EXCLUSIVE; exclusion constraints cannot be added from a concurrent index.",
        advice: "there is no online path: build a shadow table with the constraint and swap, or schedule downtime",
        peers: [])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isExempt(table) else { return [] }
        return statement.addedConstraints.compactMap { constraint in
            guard case .exclude = constraint.kind else { return nil }
            return LintViolation("adding an EXCLUDE constraint on \(table.display)\(context.sizeNote(table)) builds its index under ACCESS EXCLUSIVE, blocking reads and writes",
                                 at: statement.at(constraint.range), object: table.display)
        }
    }
}
