import KeelCore
import KeelSQL

/// `BEGIN` inside a transaction only warns and does nothing; `COMMIT` inside a migration tool's
/// transaction ends the tool's transaction early.
struct TransactionNesting: LintRule {
    let info = LintRuleInfo(
        id: "transaction-nesting", severity: .warning, category: .transactions,
        summary: "BEGIN inside an open transaction does nothing; COMMIT or ROLLBACK inside a migration tool's transaction ends it early.",
        advice: "let one party own the transaction: drop BEGIN/COMMIT from the file, or run without --assume-in-transaction",
        peers: ["squawk:transaction-nesting"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .transaction(let transaction) = statement.kind else { return [] }
        switch transaction.kind {
        case .begin where context.inTransaction:
            let opened = context.transactionStart.map { "the transaction opened at line \($0.line)" } ?? "the migration tool's transaction"
            return [LintViolation("BEGIN inside \(opened) does nothing (PostgreSQL only warns)", at: statement.range)]
        case .commit, .rollback:
            guard context.assumeInTransaction, context.transactionStart == nil, context.inTransaction else { return [] }
            return [LintViolation("\(transaction.kind.rawValue) ends the migration tool's transaction early; later statements run outside it", at: statement.range)]
        default:
            return []
        }
    }
}
