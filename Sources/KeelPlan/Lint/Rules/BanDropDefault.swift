import KeelCore
import KeelSQL

/// `ALTER COLUMN … DROP DEFAULT` is cheap for the database, but every INSERT that leaves the column
/// out now stores NULL (or fails, on a NOT NULL column). With the catalog, Keel knows whether the
/// column has a default at all: dropping a default that does not exist, or one this file set, is a no-op.
struct BanDropDefault: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-default", severity: .warning, category: .compatibility,
        summary: "DROP DEFAULT makes INSERTs that omit the column store NULL, or fail when the column is NOT NULL.",
        advice: "make every writer set the column first (keel lineage lists them), then drop the default in a contract step",
        peers: ["squawk:ban-drop-default"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isNew(table) else { return [] }
        return alter.actions.compactMap { action in
            guard case .dropDefault(let column) = action else { return nil }
            let object = table.display(column: column.value)
            guard let existing = context.column(table, column.value) else {
                let why = context.catalog == nil ? "without a catalog Keel cannot tell whether it has one" : "the catalog does not have this column"
                return LintViolation("dropping the default of \(object) makes INSERTs that omit it store NULL; \(why)",
                                     at: statement.at(column.range), object: object)
            }
            // No default in the catalog: whatever this file set in between, the column ends as it was.
            guard let current = existing.default else { return nil }
            let effect = existing.nullable ? "store NULL instead of \(current.expression)" : "fail, since the column is NOT NULL"
            return LintViolation("dropping the default \(current.expression) of \(object) makes every INSERT that omits the column \(effect)",
                                 at: statement.at(column.range), object: object)
        }
    }
}
