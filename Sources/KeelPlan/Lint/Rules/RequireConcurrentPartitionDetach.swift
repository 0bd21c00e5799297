import KeelCore
import KeelSQL

/// `DETACH PARTITION` without `CONCURRENTLY` takes ACCESS EXCLUSIVE on the parent (PG14+ has CONCURRENTLY).
struct RequireConcurrentPartitionDetach: LintRule {
    let info = LintRuleInfo(
        id: "require-concurrent-partition-detach", severity: .error, category: .locking,
        summary: "DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned table.",
        advice: "ALTER TABLE parent DETACH PARTITION child CONCURRENTLY (PG14+), outside a transaction block",
        peers: ["squawk:require-concurrent-partition-detach"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let parent = context.resolve(alter.name)
        guard !context.isNew(parent) else { return [] }
        return alter.actions.compactMap { action in
            guard case .detachPartition(let child, let concurrently, let finalize) = action, !concurrently, !finalize else { return nil }
            if let major = context.catalog?.majorVersion, major < 14 {
                return LintViolation("DETACH PARTITION \(child.sql) takes ACCESS EXCLUSIVE on \(parent.display); PostgreSQL \(major) has no CONCURRENTLY",
                                     at: statement.at(child.range), object: parent.display, advice: "schedule it, or upgrade to PG14+ for DETACH … CONCURRENTLY",
                                     severity: .warning)
            }
            return LintViolation("DETACH PARTITION \(child.sql) takes ACCESS EXCLUSIVE on \(parent.display), blocking reads and writes on every partition",
                                 at: statement.at(child.range), object: parent.display)
        }
    }
}
