import KeelCore
import KeelSQL

/// `CREATE INDEX` without `CONCURRENTLY` takes SHARE on the table: writes stop for the whole build.
struct RequireConcurrentIndexCreation: LintRule {
    let info = LintRuleInfo(
        id: "require-concurrent-index-creation", severity: .error, category: .locking,
        summary: "CREATE INDEX without CONCURRENTLY blocks every write to the table for the whole build.",
        advice: "CREATE INDEX CONCURRENTLY, outside a transaction block; if it fails, DROP INDEX CONCURRENTLY the INVALID index and retry",
        peers: ["squawk:require-concurrent-index-creation", "atlas:PG101"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .createIndex(let index) = statement.kind, !index.concurrently else { return [] }
        let table = context.resolve(index.table)
        guard !context.isExempt(table) else { return [] }
        let name = index.name.map { SQLPrinter.identifier($0.value) + " " } ?? ""
        if context.table(table)?.kind == .partitioned {
            return [LintViolation(
                "CREATE INDEX \(name)on partitioned \(table.display) builds on every partition while blocking writes; CONCURRENTLY is not allowed on a partitioned table",
                at: statement.range, object: table.display,
                advice: "CREATE INDEX … ON ONLY \(table.display) (invalid, instant), then CREATE INDEX CONCURRENTLY on each partition and ALTER INDEX … ATTACH PARTITION each one")]
        }
        return [LintViolation("CREATE INDEX \(name)on \(table.display)\(context.sizeNote(table)) takes SHARE, blocking writes for the whole build",
                              at: statement.range, object: table.display)]
    }
}
