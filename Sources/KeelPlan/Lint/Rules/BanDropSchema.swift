import KeelCore
import KeelSQL

/// `DROP SCHEMA`: Dropping a schema destroys every object in it (with CASCADE) or fails (without).
struct BanDropSchema: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-schema", severity: .error, category: .compatibility,
        summary: "Dropping a schema destroys every object in it (with CASCADE) or fails (without).",
        advice: "drop the objects one by one after proving each unused; never DROP SCHEMA … CASCADE in a migration",
        peers: ["squawk:ban-drop-schema", "atlas:DS101"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        DropObject.violations(statement, in: context, kinds: ["SCHEMA"]) { _, _ in "destroys the objects it holds" }
    }
}
