public import KeelCore

/// Why an impact question cannot be answered: the target names nothing in the graph.
public enum ImpactError: KeelError, Equatable {
    /// The target is empty or not a name.
    case invalidTarget(String)
    /// No relation, column or consumer has this name.
    case unknownNode(String, suggestions: [String])
    /// The relation exists but has no such column.
    case unknownColumn(relation: String, column: String, columns: [String])
    /// A bare name matches several relations or consumers.
    case ambiguous(String, candidates: [String])

    /// `lineage.invalid-target`, `lineage.unknown-node`, `lineage.unknown-column` or `lineage.ambiguous-name`.
    public var code: String {
        switch self {
        case .invalidTarget: "lineage.invalid-target"
        case .unknownNode: "lineage.unknown-node"
        case .unknownColumn: "lineage.unknown-column"
        case .ambiguous: "lineage.ambiguous-name"
        }
    }

    /// What was not found.
    public var message: String {
        switch self {
        case .invalidTarget(let text): "'\(text)' is not a relation, column or consumer name"
        case .unknownNode(let text, _): "the lineage graph has no relation, column or consumer named '\(text)'"
        case .unknownColumn(let relation, let column, _): "\(relation) has no column '\(column)' in the lineage graph"
        case .ambiguous(let text, let candidates): "'\(text)' matches several nodes: \(candidates.prefix(8).joined(separator: ", "))"
        }
    }

    /// Where to look instead.
    public var hint: String? {
        switch self {
        case .invalidTarget: "write schema.table, schema.table.column, or a consumer id such as dbt:model.shop.orders"
        case .unknownNode(_, let suggestions):
            suggestions.isEmpty ? "check the name, and rebuild lineage.json (keel lineage build) if the project changed"
                : "did you mean: \(suggestions.prefix(5).joined(separator: ", "))?"
        case .unknownColumn(_, _, let columns): "its columns are: \(columns.prefix(20).joined(separator: ", "))"
        case .ambiguous: "qualify the name with its schema"
        }
    }
}
