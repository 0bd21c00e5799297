import KeelCore
import KeelSQL

/// `CONCURRENTLY` (CREATE INDEX, DROP INDEX, REINDEX, DETACH PARTITION) cannot run inside a
/// transaction block: PostgreSQL refuses it, so the migration fails.
struct BanConcurrentIndexCreationInTransaction: LintRule {
    let info = LintRuleInfo(
        id: "ban-concurrent-index-creation-in-transaction", severity: .error, category: .transactions,
        summary: "CREATE INDEX / DROP INDEX / REINDEX / DETACH PARTITION … CONCURRENTLY inside a transaction block fails.",
        advice: "run the CONCURRENTLY statement on its own, outside BEGIN … COMMIT (tell the migration tool not to wrap this file)",
        peers: ["squawk:ban-concurrent-index-creation-in-transaction", "atlas:PG103"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard context.inTransaction else { return [] }
        let what: String?
        switch statement.kind {
        case .createIndex(let index) where index.concurrently: what = "CREATE INDEX CONCURRENTLY"
        case .drop(let drop) where drop.concurrently: what = "DROP INDEX CONCURRENTLY"
        case .maintenance(let maintenance) where maintenance.command == "REINDEX" && maintenance.concurrently: what = "REINDEX CONCURRENTLY"
        case .alterTable(let alter) where alter.actions.contains(where: { if case .detachPartition(_, true, _) = $0 { true } else { false } }):
            what = "DETACH PARTITION CONCURRENTLY"
        default: what = nil
        }
        guard let what else { return [] }
        let source = context.transactionStart.map { "the transaction opened at line \($0.line)" } ?? "the transaction the migration tool opens (--assume-in-transaction)"
        return [LintViolation("\(what) cannot run inside a transaction block; it fails inside \(source)", at: statement.range)]
    }
}
