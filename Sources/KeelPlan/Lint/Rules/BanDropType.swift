import KeelCore
import KeelSQL

/// `DROP TYPE`: Dropping a type breaks columns, functions and casts that use it.
struct BanDropType: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-type", severity: .warning, category: .compatibility,
        summary: "Dropping a type breaks columns, functions and casts that use it.",
        advice: "prove it unused first, then drop it in a contract step",
        peers: ["squawk:ban-drop-type"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        DropObject.violations(statement, in: context, kinds: ["TYPE"]) { _, _ in "breaks columns, functions and clients that use it" }
    }
}
