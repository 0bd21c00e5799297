import KeelCore
import KeelSQL

/// `DROP VIEW`: Dropping a view breaks the clients, dashboards and models that read it.
struct BanDropView: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-view", severity: .warning, category: .compatibility,
        summary: "Dropping a view breaks the clients, dashboards and models that read it.",
        advice: "prove it unused first (keel lineage, pg_stat_statements), then drop it in a contract step",
        peers: ["squawk:ban-drop-view"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        DropObject.violations(statement, in: context, kinds: ["VIEW", "MATERIALIZED VIEW"]) { _, _ in "breaks every client and view that reads it" }
    }
}
