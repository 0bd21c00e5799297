import KeelCore
import KeelSQL

/// A `BEGIN` with no `COMMIT` or `ROLLBACK` before the end of the file.
struct BanUncommittedTransaction: LintRule {
    let info = LintRuleInfo(
        id: "ban-uncommitted-transaction", severity: .error, category: .transactions,
        summary: "A transaction opened in the file is never committed or rolled back.",
        advice: "end the file with COMMIT",
        peers: ["squawk:ban-uncommitted-transaction"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] { [] }

    func finish(in context: LintContext) -> [LintViolation] {
        guard let start = context.transactionStart else { return [] }
        return [LintViolation("the transaction opened at line \(start.line) is never committed or rolled back", at: start)]
    }
}
