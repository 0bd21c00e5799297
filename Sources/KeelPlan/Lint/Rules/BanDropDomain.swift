import KeelCore
import KeelSQL

/// `DROP DOMAIN`: Dropping a domain breaks the columns and functions that use it.
struct BanDropDomain: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-domain", severity: .warning, category: .compatibility,
        summary: "Dropping a domain breaks the columns and functions that use it.",
        advice: "move the columns to the base type (with table CHECK constraints) first, then drop the domain",
        peers: ["squawk:ban-drop-domain"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        DropObject.violations(statement, in: context, kinds: ["DOMAIN"]) { _, _ in "breaks the columns and functions that use it" }
    }
}
