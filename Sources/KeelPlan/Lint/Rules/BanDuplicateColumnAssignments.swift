import KeelCore
import KeelSQL

/// The same column assigned twice in one UPDATE, or listed twice in an INSERT: PostgreSQL rejects it.
struct BanDuplicateColumnAssignments: LintRule {
    let info = LintRuleInfo(
        id: "ban-duplicate-column-assignments", severity: .error, category: .correctness,
        summary: "The same column assigned twice in one UPDATE (or listed twice in an INSERT) is an error.",
        advice: "assign each column once",
        peers: ["squawk:ban-duplicate-column-assignments"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        var names: [Name] = []
        let table: ObjectName
        switch statement.kind {
        case .update(let update):
            names = update.assignments.flatMap { $0.targets.filter(\.path.isEmpty).map(\.column) }
            table = update.table.name
        case .insert(let insert):
            names = insert.columns
            table = insert.table.name
        default:
            return []
        }
        var counts: [String: Int] = [:]
        for name in names { counts[name.value, default: 0] += 1 }
        let key = context.resolve(table)
        return names.filter { (counts[$0.value] ?? 0) > 1 }.map { name in
            LintViolation("column \(key.display(column: name.value)) is assigned more than once", at: statement.at(name.range),
                          object: key.display(column: name.value))
        }
    }
}
