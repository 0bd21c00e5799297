extension Catalog {
    /// A foreign key the schema does not declare but its names, types, keys and (when checked)
    /// data suggest: `orders.customer_id → customers.id`. Written by `keel discover --infer` into
    /// ``Catalog/inferredKeys``, read by `keel find` and `keel impact`.
    ///
    /// Inferred keys are an opinion about the schema, not the schema: they stay out of the
    /// fingerprint, so inferring (or re-inferring with other evidence) never makes the same
    /// schema look changed to plan, rollout or drift.
    public struct InferredKey: Codable, Sendable, Equatable, Comparable {
        /// The referencing column.
        public var from: ColumnReference
        /// The referenced column.
        public var to: ColumnReference
        /// How sure the evidence makes it, in percent (50 to 99). An integer, so the artifact
        /// holds no floating point.
        public var confidencePercent: Int
        /// What supports (or weakens) it, one short phrase each.
        public var evidence: [String]

        public init(from: ColumnReference, to: ColumnReference, confidencePercent: Int, evidence: [String]) {
            self.from = from
            self.to = to
            self.confidencePercent = confidencePercent
            self.evidence = evidence
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.from, lhs.to) < (rhs.from, rhs.to) }
    }

    /// Every foreign key of the catalog, declared ones first (by constraint) then inferred ones:
    /// one entry per column pair (a composite key gives one entry per position).
    public var foreignKeyLinks: [ForeignKeyLink] {
        var links: [ForeignKeyLink] = []
        for table in tables where table.partitionOf == nil {
            for constraint in table.constraints where constraint.kind == .foreignKey {
                guard let fk = constraint.foreignKey else { continue }
                for (column, referenced) in zip(constraint.columns, fk.referencedColumns) {
                    links.append(ForeignKeyLink(
                        from: ColumnReference(schema: table.schema, table: table.name, column: column),
                        to: ColumnReference(schema: fk.referencedTable.schema, table: fk.referencedTable.name, column: referenced),
                        constraint: constraint.name, confidencePercent: nil, evidence: []))
                }
            }
        }
        for key in inferredKeys ?? [] {
            links.append(ForeignKeyLink(from: key.from, to: key.to, constraint: nil, confidencePercent: key.confidencePercent, evidence: key.evidence))
        }
        return links
    }

    /// A declared or inferred foreign key, column to column.
    public struct ForeignKeyLink: Sendable, Equatable {
        public var from: ColumnReference
        public var to: ColumnReference
        /// The constraint's name when declared.
        public var constraint: Identifier?
        /// The confidence when inferred.
        public var confidencePercent: Int?
        public var evidence: [String]

        public var isDeclared: Bool { constraint != nil }
    }
}

extension Catalog.InferredKey: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("confidencePercent", confidencePercent)
            w.field("evidence", evidence)
            w.field("from", from)
            w.field("to", to)
        }
    }
}
