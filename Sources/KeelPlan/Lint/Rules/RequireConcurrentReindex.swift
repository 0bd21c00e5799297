import KeelCore
import KeelSQL

/// `REINDEX` without `CONCURRENTLY` blocks writes to the table and reads through the index (PG12+ has CONCURRENTLY).
struct RequireConcurrentReindex: LintRule {
    let info = LintRuleInfo(
        id: "require-concurrent-reindex", severity: .error, category: .locking,
        summary: "REINDEX without CONCURRENTLY blocks writes to the table, and reads that use the index, for the whole rebuild.",
        advice: "REINDEX … CONCURRENTLY (PG12+), outside a transaction block",
        peers: ["squawk:require-concurrent-reindex"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .maintenance(let maintenance) = statement.kind, maintenance.command == "REINDEX", !maintenance.concurrently else { return [] }
        let targets = maintenance.targets.map(\.name.sql).joined(separator: ", ")
        if maintenance.targetKind == "TABLE", let target = maintenance.targets.first, context.isExempt(context.resolve(target.name)) { return [] }
        return [LintViolation("REINDEX \(maintenance.targetKind ?? "") \(targets) blocks writes and index reads for the whole rebuild",
                              at: statement.range, object: targets.isEmpty ? nil : targets)]
    }
}
