import KeelCore
import KeelSQL

/// `DROP DATABASE` in a migration destroys everything.
struct BanDropDatabase: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-database", severity: .error, category: .compatibility,
        summary: "DROP DATABASE destroys every object and all data in the database.",
        advice: "never drop a database from a migration; do it by hand, after a backup",
        peers: ["squawk:ban-drop-database"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .other(let other) = statement.kind, other.kind.hasPrefix("DROP DATABASE") else { return [] }
        return [LintViolation("DROP DATABASE destroys every object and all data in it", at: statement.range, object: other.object?.sql)]
    }
}
