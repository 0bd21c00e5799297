import KeelCore
import KeelSQL

/// VACUUM FULL, CLUSTER, SET TABLESPACE and SET LOGGED/UNLOGGED rewrite the whole table under ACCESS EXCLUSIVE.
struct PreferRepack: LintRule {
    let info = LintRuleInfo(
        id: "prefer-repack", severity: .warning, category: .locking,
        summary: "VACUUM FULL, CLUSTER, SET TABLESPACE and SET LOGGED/UNLOGGED rewrite the whole table under ACCESS EXCLUSIVE.",
        advice: "use pg_repack (online rewrite), or schedule it in a maintenance window",
        peers: ["squawk:prefer-repack"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        switch statement.kind {
        case .maintenance(let maintenance):
            let full = maintenance.command == "VACUUM" && maintenance.options.contains { $0 == "FULL" || $0.hasPrefix("FULL ") }
            guard full || maintenance.command == "CLUSTER" else { return [] }
            let what = full ? "VACUUM FULL" : "CLUSTER"
            let tables = maintenance.targets.map { context.resolve($0.name) }.filter { !context.isExempt($0) }
            if maintenance.targets.isEmpty {
                return [LintViolation("\(what) without a table rewrites every table in the database under ACCESS EXCLUSIVE", at: statement.range)]
            }
            return tables.map { table in
                LintViolation("\(what) rewrites \(table.display)\(context.sizeNote(table)) under ACCESS EXCLUSIVE", at: statement.range, object: table.display)
            }
        case .alterTable:
            guard let alter = statement.alterTable else { return [] }
            let table = context.resolve(alter.name)
            guard !context.isExempt(table) else { return [] }
            return alter.actions.compactMap { action in
                let what: String
                switch action {
                case .setTablespace: what = "SET TABLESPACE"
                case .setLogged: what = "SET LOGGED"
                case .setUnlogged: what = "SET UNLOGGED"
                case .setAccessMethod: what = "SET ACCESS METHOD"
                default: return nil
                }
                return LintViolation("\(what) rewrites \(table.display)\(context.sizeNote(table)) under ACCESS EXCLUSIVE", at: statement.range, object: table.display)
            }
        default:
            return []
        }
    }
}
