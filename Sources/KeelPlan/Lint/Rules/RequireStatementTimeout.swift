import KeelCore
import KeelSQL

/// A lock-taking statement on an existing table while no `statement_timeout` is set: nothing bounds
/// how long it holds its locks.
struct RequireStatementTimeout: LintRule {
    let info = LintRuleInfo(
        id: "require-statement-timeout", severity: .warning, category: .transactions,
        summary: "A lock-taking statement on an existing table runs without statement_timeout, so nothing bounds how long it holds its locks.",
        advice: "SET statement_timeout (or SET LOCAL inside the transaction) before it; give CONCURRENTLY builds a generous one",
        peers: ["squawk:require-statement-timeout"])

    var oncePerFile: Bool { true }

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard !context.statementTimeoutActive else { return [] }
        let tables = statement.lockedTables(in: context)
        guard !tables.isEmpty else { return [] }
        let names = tables.map { $0.schema == "*" ? "many tables" : $0.display }.joined(separator: ", ")
        return [LintViolation("\(statement.statement.kindName) on \(names) runs with no statement_timeout set",
                              at: statement.range, object: tables.first.map { $0.schema == "*" ? nil : $0.display } ?? nil)]
    }
}
