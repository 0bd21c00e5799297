import KeelCore
import KeelSQL

/// `DROP SEQUENCE`: Dropping a sequence breaks defaults and clients that call nextval on it.
struct BanDropSequence: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-sequence", severity: .warning, category: .compatibility,
        summary: "Dropping a sequence breaks defaults and clients that call nextval on it.",
        advice: "prove it unused (no DEFAULT nextval, no client), then drop it in a contract step",
        peers: ["squawk:ban-drop-sequence"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        DropObject.violations(statement, in: context, kinds: ["SEQUENCE"]) { _, _ in "breaks defaults and clients that call nextval on it" }
    }
}
