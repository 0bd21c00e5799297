import KeelCore
import KeelSQL

/// A CHECK or FOREIGN KEY added without `NOT VALID` scans the table while holding a lock that
/// blocks writes (ACCESS EXCLUSIVE for CHECK). Validating in the same transaction as the
/// `NOT VALID` add keeps the add's lock through the scan, which is no better.
///
/// UNIQUE, PRIMARY KEY and EXCLUDE cannot be `NOT VALID`; they have their own rules.
struct ConstraintMissingNotValid: LintRule {
    let info = LintRuleInfo(
        id: "constraint-missing-not-valid", severity: .error, category: .locking,
        summary: "ADD CHECK / FOREIGN KEY without NOT VALID scans the table under a lock that blocks writes; so does VALIDATE in the same transaction as the NOT VALID add.",
        advice: "ADD CONSTRAINT … NOT VALID, COMMIT, then VALIDATE CONSTRAINT in its own transaction (SHARE UPDATE EXCLUSIVE: reads and writes continue)",
        peers: ["squawk:constraint-missing-not-valid", "atlas:PG305", "atlas:PG306"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        var violations: [LintViolation] = []
        for action in alter.actions {
            switch action {
            case .addConstraint(let constraint):
                guard !context.isExempt(table), !constraint.attributes.notValid else { continue }
                let kind: String
                switch constraint.kind {
                case .check: kind = "CHECK"
                case .foreignKey: kind = "FOREIGN KEY"
                default: continue
                }
                let name = constraint.name.map { " " + SQLPrinter.identifier($0.value) } ?? ""
                violations.append(LintViolation(
                    "adding \(kind)\(name) on \(table.display) without NOT VALID scans all of it\(context.sizeNote(table)) while holding \(kind == "CHECK" ? "ACCESS EXCLUSIVE (reads and writes blocked)" : "SHARE ROW EXCLUSIVE (writes blocked)")",
                    at: statement.at(constraint.range), object: table.display))
            case .validateConstraint(let name):
                guard context.addedNotValidInThisTransaction(table, name.value) else { continue }
                violations.append(LintViolation(
                    "VALIDATE CONSTRAINT \(SQLPrinter.identifier(name.value)) runs in the same transaction that added it NOT VALID, so the add's lock on \(table.display) is held through the whole scan",
                    at: statement.at(name.range), object: table.display,
                    advice: "COMMIT after ADD CONSTRAINT … NOT VALID, and VALIDATE in a separate transaction"))
            default:
                continue
            }
        }
        return violations
    }
}
