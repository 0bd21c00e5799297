import KeelCore
import KeelSQL

/// `DROP TABLE` destroys data and breaks every client of the table.
struct BanDropTable: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-table", severity: .error, category: .compatibility,
        summary: "DROP TABLE destroys the data and breaks every client, view and foreign key that uses the table.",
        advice: "prove the table unused (keel lineage, pg_stat_user_tables), rename it aside first if unsure, and drop it in a contract step after a backup",
        peers: ["squawk:ban-drop-table", "atlas:DS102"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        DropObject.violations(statement, in: context, kinds: ["TABLE", "FOREIGN TABLE"]) { key, _ in
            var used: [String] = []
            if let catalog = context.catalog {
                used = catalog.views(reading: key, column: nil) + catalog.referencingTables(key).filter { $0 != key.display }.map { "\($0) (foreign key)" }
            }
            return "destroys its data\(context.sizeNote(key)) and breaks its clients" + (used.isEmpty ? "" : "; used by \(used.joined(separator: ", "))")
        }
    }
}
