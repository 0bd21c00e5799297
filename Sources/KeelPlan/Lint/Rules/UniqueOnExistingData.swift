import KeelCore
import KeelSQL

/// A unique index or constraint over existing rows fails if duplicates exist (and a failed
/// `CONCURRENTLY` build leaves an INVALID index behind). Quiet when an existing unique index
/// already covers the same or fewer columns.
struct UniqueOnExistingData: LintRule {
    let info = LintRuleInfo(
        id: "unique-on-existing-data", severity: .info, category: .correctness,
        summary: "A unique index or constraint over existing rows fails if duplicates exist.",
        advice: "check first: SELECT cols, count(*) FROM t GROUP BY cols HAVING count(*) > 1; after a failed CONCURRENTLY build, DROP INDEX CONCURRENTLY the INVALID index before retrying",
        peers: ["atlas:MF101", "atlas:MF102"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        var targets: [(table: ObjectName, columns: [String]?, range: SourceRange)] = []
        switch statement.kind {
        case .createIndex(let index) where index.unique:
            let columns = index.elements.map { element -> String? in
                if case .column(let ref) = LintContext.stripped(element.expression).kind { return ref.column.value }
                return nil
            }
            targets.append((index.table, columns.contains(nil) ? nil : columns.compactMap { $0 }, statement.range))
        case .alterTable:
            guard let alter = statement.alterTable else { return [] }
            for constraint in statement.addedConstraints {
                switch constraint.kind {
                case .unique(let columns, _, _), .primaryKey(let columns, _):
                    targets.append((alter.name, columns.map(\.value), statement.at(constraint.range)))
                default: break
                }
            }
        default:
            return []
        }
        return targets.compactMap { target in
            let table = context.resolve(target.table)
            guard !context.isExempt(table) else { return nil }
            if let columns = target.columns, context.uniqueKeys(table).contains(where: { Set($0).isSubset(of: Set(columns)) }) { return nil }
            let what = target.columns.map { "(\($0.map { SQLPrinter.identifier($0) }.joined(separator: ", ")))" } ?? "its expressions"
            return LintViolation("making \(what) unique on \(table.display)\(context.sizeNote(table)) fails if existing rows hold duplicates",
                                 at: target.range, object: table.display)
        }
    }
}
