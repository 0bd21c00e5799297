public import KeelCore
import KeelSQL

/// The catalog's foreign keys, declared and inferred (``Catalog/inferredKeys``, from
/// `keel discover --infer`), for ``ImpactAnalyzer``: a change to a key column reaches the columns
/// joined to it, which no SQL consumer shows when the join lives in application code.
///
/// Relations are named as in the lineage graph (`schema.table`, quoted where SQL needs it), columns
/// by their stored names.
public struct JoinKeys: Sendable {
    /// One side of a key.
    struct Side: Sendable {
        var relation: String
        var column: String
        var type: String?

        var label: String { relation + "." + SQLPrinter.identifier(column) }
    }

    struct Key: Sendable {
        var from: Side
        var to: Side
        var constraint: String?
        var confidencePercent: Int?
        var evidence: [String]
    }

    let keys: [Key]
    /// Keys by each end's relation.
    let byRelation: [String: [Int]]

    /// Every declared and inferred foreign key of `catalog`.
    public init(_ catalog: Catalog) {
        var types: [String: String] = [:]
        func name(_ schema: Identifier, _ table: Identifier) -> String { RelationKey(schema: schema.name, name: table.name).display }
        for table in catalog.tables {
            for column in table.columns { types[name(table.schema, table.name) + "\u{0}" + column.name.name] = column.type }
        }
        func side(_ reference: Catalog.ColumnReference) -> Side {
            let relation = name(reference.schema, reference.table)
            return Side(relation: relation, column: reference.column.name, type: types[relation + "\u{0}" + reference.column.name])
        }
        keys = catalog.foreignKeyLinks.map { link in
            Key(from: side(link.from), to: side(link.to), constraint: link.constraint?.name, confidencePercent: link.confidencePercent,
                evidence: link.evidence)
        }
        var byRelation: [String: [Int]] = [:]
        for (i, key) in keys.enumerated() {
            byRelation[key.from.relation, default: []].append(i)
            if key.to.relation != key.from.relation { byRelation[key.to.relation, default: []].append(i) }
        }
        self.byRelation = byRelation
    }

    /// The number of keys, declared and inferred.
    public var count: Int { keys.count }

    /// The keys with an end on `relation` (and on `column` of it, when given), as seen from there.
    func dependencies(of relation: String, column: String?) -> [ImpactedKey] {
        var found: [ImpactedKey] = []
        for i in byRelation[relation] ?? [] {
            let key = keys[i]
            for (own, other, role) in [(key.to, key.from, ImpactedKey.Role.referencedBy), (key.from, key.to, .references)]
            where own.relation == relation && (column == nil || own.column == column) {
                found.append(ImpactedKey(
                    role: role, column: other.label, columnType: other.type, targetColumn: own.label, targetType: own.type,
                    source: key.constraint == nil ? .inferred : .declared, constraint: key.constraint,
                    confidencePercent: key.confidencePercent, evidence: key.evidence,
                    breaks: Self.breaks(key, own: own, other: other)))
            }
        }
        return found.sorted {
            ($0.role.rank, $0.source.rank, $0.targetColumn, $0.column) < ($1.role.rank, $1.source.rank, $1.targetColumn, $1.column)
        }
    }

    /// What a change of `own`'s type (or a rename, or a drop) breaks on this key.
    static func breaks(_ key: Key, own: Side, other: Side) -> [String] {
        var breaks = ["joins on \(key.from.label) = \(key.to.label) compare \(other.type ?? "its type") with the new type of "
                      + "\(own.label): a type mismatch casts every row and keeps the join from using an index on the key"]
        if let constraint = key.constraint {
            breaks.append("the foreign key \(constraint) needs comparable types on both columns: altering one side alone "
                          + "fails or rewrites and revalidates the key; change both columns in one plan")
        } else {
            breaks.append("not declared: nothing stops the two types drifting apart, and declaring the foreign key later "
                          + "(FK creation) needs matching types")
        }
        return breaks
    }
}
