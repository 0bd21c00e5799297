import KeelCore
import KeelSQL

/// `ADD PRIMARY KEY` (not `USING INDEX`) builds the index under ACCESS EXCLUSIVE, and makes
/// nullable key columns NOT NULL with a full scan.
struct AddingSerialPrimaryKeyField: LintRule {
    let info = LintRuleInfo(
        id: "adding-serial-primary-key-field", severity: .error, category: .locking,
        summary: "ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE, blocking reads and writes for the whole build (and scans for NULLs).",
        advice: "CREATE UNIQUE INDEX CONCURRENTLY idx ON t (cols); make the columns NOT NULL via a validated CHECK; then ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY USING INDEX idx",
        peers: ["squawk:adding-serial-primary-key-field", "atlas:PG104", "atlas:PG304"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isExempt(table) else { return [] }
        var violations: [LintViolation] = []
        for constraint in statement.addedConstraints {
            guard case .primaryKey(let columns, _) = constraint.kind else { continue }
            let nullable = columns.map(\.value).filter { !context.notNullIsProven(table, $0) }
            let scan = nullable.isEmpty ? "" : "; it also makes \(nullable.map { SQLPrinter.identifier($0) }.joined(separator: ", ")) NOT NULL with a full scan"
            violations.append(LintViolation(
                "ADD PRIMARY KEY on \(table.display)\(context.sizeNote(table)) builds a unique index under ACCESS EXCLUSIVE, blocking reads and writes until it finishes\(scan)",
                at: statement.at(constraint.range), object: table.display))
        }
        for column in statement.addedColumns where column.constraints.contains(where: { if case .primaryKey = $0.kind { true } else { false } }) {
            let object = table.display(column: column.name.value)
            violations.append(LintViolation(
                "adding primary key column \(object) builds a unique index on \(table.display)\(context.sizeNote(table)) under ACCESS EXCLUSIVE",
                at: statement.at(column.range), object: object))
        }
        return violations
    }
}
