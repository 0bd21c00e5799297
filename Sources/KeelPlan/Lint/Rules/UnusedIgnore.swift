import KeelCore
import KeelSQL

/// A `keel-ignore` comment that silences nothing (or names no rule): stale suppressions hide the
/// next real problem.
struct UnusedIgnore: LintRule {
    static let ruleID = "unused-ignore"

    let info = LintRuleInfo(
        id: UnusedIgnore.ruleID, severity: .warning, category: .style,
        summary: "A keel-ignore comment silences nothing, or names a rule that does not exist.",
        advice: "remove the comment, or fix the rule id (docs/lint.md lists them)",
        peers: ["squawk:unused-ignore"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] { [] }
}
