public import KeelCore

/// A foreign key the schema does not declare but its names, types and keys suggest:
/// `orders.customer_id → customers.id`. Found by ``RelationshipInferrer``.
public struct InferredRelationship: Codable, Sendable, Equatable {
    /// The referencing column.
    public var from: Catalog.ColumnReference
    /// The referenced column.
    public var to: Catalog.ColumnReference
    /// From 0 to 1: how sure the evidence makes it. 0.5 and above are reported.
    public var confidence: Double
    /// What supports (or weakens) it, one short phrase each.
    public var evidence: [String]

    public init(from: Catalog.ColumnReference, to: Catalog.ColumnReference, confidence: Double, evidence: [String]) {
        self.from = from
        self.to = to
        self.confidence = confidence
        self.evidence = evidence
    }

    /// The relationship as catalog.json stores it (``Catalog/inferredKeys``): confidence in percent.
    public init(_ key: Catalog.InferredKey) {
        self.init(from: key.from, to: key.to, confidence: Double(key.confidencePercent) / 100, evidence: key.evidence)
    }

    /// The relationship as catalog.json stores it.
    public var catalogKey: Catalog.InferredKey {
        Catalog.InferredKey(from: from, to: to, confidencePercent: Int((confidence * 100).rounded()), evidence: evidence)
    }

    /// `orders.customer_id → customers.id`, with schemas when they differ from `public`.
    public var display: String {
        func name(_ reference: Catalog.ColumnReference) -> String {
            (reference.schema.name == "public" ? "" : reference.schema.display + ".") + reference.table.display + "." + reference.column.display
        }
        return "\(name(from)) → \(name(to))"
    }
}
