import KeelCore
import KeelSQL

/// A statement that takes a lock on an existing table while no `lock_timeout` is set: if it waits
/// behind a long transaction, every later query on the table queues behind it.
struct RequireLockTimeout: LintRule {
    let info = LintRuleInfo(
        id: "require-lock-timeout", severity: .warning, category: .transactions,
        summary: "A lock-taking statement on an existing table runs without lock_timeout, so a wait behind one long transaction stalls every query on the table.",
        advice: "SET lock_timeout = '1s' (or SET LOCAL inside the transaction) before it, and retry on SQLSTATE 55P03",
        peers: ["squawk:require-lock-timeout"])

    var oncePerFile: Bool { true }

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard !context.lockTimeoutActive else { return [] }
        let tables = statement.lockedTables(in: context)
        guard !tables.isEmpty else { return [] }
        let names = tables.map { $0.schema == "*" ? "many tables" : $0.display }.joined(separator: ", ")
        return [LintViolation("\(statement.statement.kindName) locks \(names) with no lock_timeout set: while it waits, every query on \(tables.count == 1 ? "the table" : "them") queues behind it",
                              at: statement.range, object: tables.first.map { $0.schema == "*" ? nil : $0.display } ?? nil)]
    }
}
