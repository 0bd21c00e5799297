/// How a change to one model's SQL affects what reads it, in the sense Recce and SQLMesh use.
///
/// ```json
/// {"category": "partial_breaking", "columns": {"amount": "modified", "discount": "added"},
///  "reasons": ["column amount: expression changed"], "affected": {…}}
/// ```
public struct ChangeClassification: Codable, Sendable, Equatable {
    /// The four categories.
    public enum Category: String, Codable, Sendable, CaseIterable {
        /// Only columns were added: nothing downstream changes.
        case nonBreaking = "non_breaking"
        /// Columns were modified or removed: only what reads those columns is affected.
        case partialBreaking = "partial_breaking"
        /// A filter, join, grouping, source, DISTINCT, LIMIT or CTE structure changed: every row may change,
        /// so everything downstream is affected.
        case breaking
        /// Keel cannot tell (the SQL does not parse, or is not one query).
        case unknown
    }

    /// What happened to one output column.
    public enum ColumnChange: String, Codable, Sendable {
        case added, removed, modified
    }

    /// The category.
    public var category: Category
    /// Each changed output column: added, removed or modified.
    public var columns: [String: ColumnChange]
    /// Why, one line each (the clause that changed, the column whose expression changed).
    public var reasons: [String]
    /// The model's relation, when known (`--model`, or found in the lineage graph).
    public var relation: String?
    /// What downstream is affected, with `--lineage`.
    public var affected: Affected?

    /// Downstream columns and consumers a change affects.
    public struct Affected: Codable, Sendable, Equatable {
        /// `schema.table.column`, sorted.
        public var columns: [String]
        /// Consumer ids, sorted.
        public var consumers: [String]

        /// Creates an entry.
        public init(columns: [String], consumers: [String]) {
            self.columns = columns
            self.consumers = consumers
        }
    }

    /// Creates a classification.
    public init(category: Category, columns: [String: ColumnChange] = [:], reasons: [String] = [], relation: String? = nil,
                affected: Affected? = nil) {
        self.category = category
        self.columns = columns
        self.reasons = reasons
        self.relation = relation
        self.affected = affected
    }
}
