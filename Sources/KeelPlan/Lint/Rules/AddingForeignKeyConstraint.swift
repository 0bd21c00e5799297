import KeelCore
import KeelSQL

/// A foreign key added without `NOT VALID` takes SHARE ROW EXCLUSIVE on both tables and scans the
/// referencing table while it holds them: writes to both stop.
struct AddingForeignKeyConstraint: LintRule {
    let info = LintRuleInfo(
        id: "adding-foreign-key-constraint", severity: .error, category: .locking,
        summary: "ADD FOREIGN KEY without NOT VALID blocks writes to both tables while it scans the referencing table.",
        advice: "ADD CONSTRAINT fk FOREIGN KEY (…) REFERENCES … NOT VALID (brief lock, no scan); then VALIDATE CONSTRAINT fk in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes continue)",
        peers: ["squawk:adding-foreign-key-constraint", "atlas:PG306"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isExempt(table) else { return [] }
        var violations: [LintViolation] = []
        for constraint in statement.addedConstraints where !constraint.attributes.notValid {
            guard case .foreignKey(_, let reference) = constraint.kind else { continue }
            let referenced = context.resolve(reference.table)
            violations.append(LintViolation(
                "adding foreign key \(constraint.name.map { SQLPrinter.identifier($0.value) + " " } ?? "")on \(table.display) → \(referenced.display) without NOT VALID takes SHARE ROW EXCLUSIVE on both tables and scans \(table.display)\(context.sizeNote(table)), blocking writes to both",
                at: statement.at(constraint.range), object: table.display))
        }
        for column in statement.addedColumns {
            for constraint in column.constraints {
                guard case .references(let reference) = constraint.kind else { continue }
                let referenced = context.resolve(reference.table)
                let object = table.display(column: column.name.value)
                violations.append(LintViolation(
                    "adding \(object) with REFERENCES \(referenced.display) takes SHARE ROW EXCLUSIVE on both tables and validates the key over \(table.display)\(context.sizeNote(table))",
                    at: statement.at(constraint.range == .none ? column.range : constraint.range), object: object,
                    advice: "add the column plain, then ADD CONSTRAINT … FOREIGN KEY … NOT VALID, then VALIDATE CONSTRAINT in a separate transaction"))
            }
        }
        return violations
    }
}
