import KeelCore
import KeelSQL

/// `SET NOT NULL` (and `ADD PRIMARY KEY USING INDEX` over nullable columns) scans the whole table
/// under ACCESS EXCLUSIVE, unless a validated `CHECK (col IS NOT NULL)` already proves it (PG12+).
struct AddingNotNullableField: LintRule {
    let info = LintRuleInfo(
        id: "adding-not-nullable-field", severity: .error, category: .locking,
        summary: "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE (blocking reads and writes) and fails if a NULL exists, unless a validated CHECK (col IS NOT NULL) exists.",
        advice: "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (SHARE UPDATE EXCLUSIVE, reads and writes continue); then SET NOT NULL skips the scan (PG12+); then DROP CONSTRAINT c",
        peers: ["squawk:adding-not-nullable-field", "atlas:PG303", "atlas:PG304", "atlas:MF104"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isExempt(table) else { return [] }
        var violations: [LintViolation] = []
        for action in alter.actions {
            switch action {
            case .setNotNull(let column):
                guard !context.notNullIsProven(table, column.value) else { continue }
                let object = table.display(column: column.value)
                violations.append(LintViolation(
                    "SET NOT NULL on \(object) scans all of \(table.display)\(context.sizeNote(table)) under ACCESS EXCLUSIVE, blocking reads and writes, and fails if any row is NULL; no validated CHECK (\(SQLPrinter.identifier(column.value)) IS NOT NULL) proves it\(context.catalog == nil ? " (no catalog to check)" : "")",
                    at: statement.at(column.range), object: object))
            case .addConstraint(let constraint):
                guard case .usingIndex(true, let indexName) = constraint.kind,
                      let found = context.index(ObjectName([indexName])) else { continue }
                let nullable = found.index.keys.compactMap { $0.column?.name }.filter { !context.notNullIsProven(table, $0) }
                guard !nullable.isEmpty else { continue }
                violations.append(LintViolation(
                    "ADD PRIMARY KEY USING INDEX \(SQLPrinter.identifier(indexName.value)) makes \(nullable.map { table.display(column: $0) }.joined(separator: ", ")) NOT NULL, which scans \(table.display)\(context.sizeNote(table)) under ACCESS EXCLUSIVE",
                    at: statement.at(constraint.range), object: table.display,
                    advice: "first prove the columns NOT NULL: CHECK (col IS NOT NULL) NOT VALID, VALIDATE, SET NOT NULL; then add the primary key USING INDEX"))
            default:
                continue
            }
        }
        return violations
    }
}
