import KeelCore
import KeelSQL

/// `DROP INDEX` without `CONCURRENTLY` takes ACCESS EXCLUSIVE on the table.
struct RequireConcurrentIndexDeletion: LintRule {
    let info = LintRuleInfo(
        id: "require-concurrent-index-deletion", severity: .error, category: .locking,
        summary: "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table, queueing every reader behind it.",
        advice: "DROP INDEX CONCURRENTLY IF EXISTS, outside a transaction block",
        peers: ["squawk:require-concurrent-index-deletion", "atlas:PG102"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .drop(let drop) = statement.kind, drop.objectKind == "INDEX", !drop.concurrently else { return [] }
        return drop.names.compactMap { name in
            guard !context.isNewIndex(name) else { return nil }
            let table = context.tableOwningIndex(name)
            if let table, context.isExempt(table) { return nil }
            let on = table.map { " on \($0.display)\(context.sizeNote($0))" } ?? ""
            return LintViolation("DROP INDEX \(name.sql) takes ACCESS EXCLUSIVE\(on), blocking reads and writes while it waits and runs",
                                 at: statement.at(name.range), object: name.sql)
        }
    }
}
