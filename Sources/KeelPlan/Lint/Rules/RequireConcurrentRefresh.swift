import KeelCore
import KeelSQL

/// `REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` takes ACCESS EXCLUSIVE on the view for the
/// whole recomputation: readers wait.
struct RequireConcurrentRefresh: LintRule {
    let info = LintRuleInfo(
        id: "require-concurrent-refresh", severity: .warning, category: .locking,
        summary: "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every reader of the view while it recomputes.",
        advice: "REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view)",
        peers: [])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .refreshMaterializedView(let refresh) = statement.kind, !refresh.concurrently, refresh.withData else { return [] }
        let view = context.resolve(refresh.name)
        guard !context.isNew(view) else { return [] }
        var advice: String?
        if let catalogView = context.catalog?.views[view], !catalogView.indexes.contains(where: { $0.unique && $0.predicate == nil }) {
            advice = "create a unique index on \(view.display) first (CONCURRENTLY needs one), then REFRESH MATERIALIZED VIEW CONCURRENTLY"
        }
        return [LintViolation("REFRESH MATERIALIZED VIEW \(view.display) takes ACCESS EXCLUSIVE, blocking its readers while it recomputes",
                              at: statement.range, object: view.display, advice: advice)]
    }
}
