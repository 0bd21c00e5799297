import KeelCore
import KeelSQL

/// `DROP EXTENSION`: Dropping an extension removes its functions, types and operators, breaking whatever uses them.
struct BanDropExtension: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-extension", severity: .warning, category: .compatibility,
        summary: "Dropping an extension removes its functions, types and operators, breaking whatever uses them.",
        advice: "prove nothing uses the extension's objects, then drop it in a contract step",
        peers: ["squawk:ban-drop-extension"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        DropObject.violations(statement, in: context, kinds: ["EXTENSION"]) { _, _ in "also removes its functions, types and operators" }
    }
}
