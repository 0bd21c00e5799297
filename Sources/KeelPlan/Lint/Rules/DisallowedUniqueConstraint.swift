import KeelCore
import KeelSQL

/// `ADD UNIQUE` (not `USING INDEX`) builds its index under ACCESS EXCLUSIVE.
struct DisallowedUniqueConstraint: LintRule {
    let info = LintRuleInfo(
        id: "disallowed-unique-constraint", severity: .error, category: .locking,
        summary: "ADD UNIQUE builds its index under ACCESS EXCLUSIVE, blocking reads and writes for the whole build.",
        advice: "CREATE UNIQUE INDEX CONCURRENTLY idx ON t (cols); check pg_index.indisvalid; then ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX idx",
        peers: ["squawk:disallowed-unique-constraint", "atlas:PG105"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isExempt(table) else { return [] }
        var violations: [LintViolation] = []
        for constraint in statement.addedConstraints {
            guard case .unique(let columns, _, _) = constraint.kind else { continue }
            violations.append(LintViolation(
                "adding UNIQUE (\(columns.map(\.sql).joined(separator: ", "))) on \(table.display)\(context.sizeNote(table)) builds a unique index under ACCESS EXCLUSIVE, blocking reads and writes until it finishes",
                at: statement.at(constraint.range), object: table.display))
        }
        for column in statement.addedColumns where column.constraints.contains(where: { if case .unique = $0.kind { true } else { false } }) {
            let object = table.display(column: column.name.value)
            violations.append(LintViolation("adding UNIQUE column \(object) builds a unique index on \(table.display) under ACCESS EXCLUSIVE",
                                            at: statement.at(column.range), object: object))
        }
        return violations
    }
}
