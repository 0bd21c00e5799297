import KeelCore
import KeelSQL

/// SQL the parser cannot understand: reported with its position, never a crash. The other rules
/// skip the statement.
struct SyntaxError: LintRule {
    static let ruleID = "syntax-error"

    let info = LintRuleInfo(
        id: SyntaxError.ruleID, severity: .error, category: .correctness,
        summary: "The statement cannot be parsed, so no other rule can check it.",
        advice: "fix the SQL (or, for syntax Keel does not know, report it and silence it with -- keel-ignore syntax-error)",
        peers: [])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] { [] }
}
