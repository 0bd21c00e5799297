import KeelCore
import KeelSQL

/// `TRUNCATE … CASCADE` also empties every table with a foreign key to the named ones, recursively.
struct BanTruncateCascade: LintRule {
    let info = LintRuleInfo(
        id: "ban-truncate-cascade", severity: .error, category: .compatibility,
        summary: "TRUNCATE … CASCADE also empties every table that references the named ones, recursively.",
        advice: "TRUNCATE the tables you mean, by name, without CASCADE",
        peers: ["squawk:ban-truncate-cascade"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .truncate(let truncate) = statement.kind, truncate.behavior == .cascade else { return [] }
        let tables = truncate.tables.map { context.resolve($0.name) }
        var also = ""
        if let catalog = context.catalog {
            let referencing = Set(tables.flatMap { catalog.referencingTables($0) }).subtracting(tables.map(\.display)).sorted()
            if !referencing.isEmpty { also = "; it also empties \(referencing.joined(separator: ", "))" }
        }
        return [LintViolation("TRUNCATE \(tables.map(\.display).joined(separator: ", ")) CASCADE empties every table that references them\(also)",
                              at: statement.range, object: tables.first?.display)]
    }
}
