import KeelCore
import KeelSQL

/// Names longer than 63 bytes are silently truncated by PostgreSQL (NAMEDATALEN), so two long
/// names can collide and later statements that use the full name can hit the wrong object.
struct IdentifierTooLong: LintRule {
    let info = LintRuleInfo(
        id: "identifier-too-long", severity: .error, category: .correctness,
        summary: "PostgreSQL silently truncates names longer than 63 bytes, so long names can collide.",
        advice: "shorten the name to 63 bytes or fewer",
        peers: ["squawk:identifier-too-long"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        var names: [Name] = []
        func constraintNames(_ constraints: [ColumnConstraint]) -> [Name] { constraints.compactMap(\.name) }
        switch statement.kind {
        case .createTable(let create):
            names.append(create.name.name)
            for element in create.elements {
                switch element {
                case .column(let column): names.append(column.name); names += constraintNames(column.constraints)
                case .constraint(let constraint): names += constraint.name.map { [$0] } ?? []
                case .like: break
                }
            }
        case .createTableAs(let create): names.append(create.name.name); names += create.columns
        case .createView(let view): names.append(view.name.name); names += view.columns
        case .createIndex(let index): names += index.name.map { [$0] } ?? []
        case .createType(let type): names.append(type.name.name)
        case .createDomain(let domain): names.append(domain.name.name)
        case .createFunction(let function): names.append(function.name.name)
        case .createTrigger(let trigger): names.append(trigger.name)
        case .alterTable(let alter), .alterIndex(let alter):
            for action in alter.actions {
                switch action {
                case .addColumn(let column, _): names.append(column.name); names += constraintNames(column.constraints)
                case .addConstraint(let constraint): names += constraint.name.map { [$0] } ?? []
                case .renameColumn(_, let new), .renameConstraint(_, let new), .renameTable(let new): names.append(new)
                default: break
                }
            }
        default:
            return []
        }
        return names.filter { $0.value.utf8.count > 63 }.map { name in
            let kept = String(decoding: Array(name.value.utf8.prefix(63)), as: UTF8.self)
            return LintViolation("\(SQLPrinter.identifier(name.value)) is \(name.value.utf8.count) bytes; PostgreSQL keeps only the first 63 (\(SQLPrinter.identifier(kept)))",
                                 at: statement.at(name.range), object: name.value)
        }
    }
}
