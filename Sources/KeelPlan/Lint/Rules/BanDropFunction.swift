import KeelCore
import KeelSQL

/// `DROP FUNCTION`: Dropping a function breaks defaults, triggers, views and clients that call it.
struct BanDropFunction: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-function", severity: .warning, category: .compatibility,
        summary: "Dropping a function breaks defaults, triggers, views and clients that call it.",
        advice: "prove it unused first, then drop it in a contract step; CREATE OR REPLACE keeps callers working when only the body changes",
        peers: ["squawk:ban-drop-function"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        DropObject.violations(statement, in: context, kinds: ["FUNCTION", "PROCEDURE"]) { _, _ in "breaks every default, trigger, view and client that calls it" }
    }
}
