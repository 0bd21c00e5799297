public import KeelCore

/// Compares two catalogs and lists what changed from the first (the baseline) to the second
/// (the live database), each difference with the DDL that reproduces it and the DDL that reverts it.
///
/// Pure: no I/O. Objects are matched by name (a renamed object reads as one dropped and one
/// added). Statistics and where the catalogs were read from are ignored, as the fingerprint
/// ignores them. Inside an added or dropped table only the table is reported; constraints and
/// triggers a partition inherits are reported on its parent only.
public enum CatalogDiff {
    /// Every difference from `baseline` to `live`, sorted (see ``DriftReport/Difference``).
    /// - Parameters:
    ///   - baseline: The catalog recorded earlier.
    ///   - live: The catalog read now.
    /// - Returns: An empty array when the two describe the same schema.
    public static func differences(from baseline: Catalog, to live: Catalog) -> [DriftReport.Difference] {
        var found: [DriftReport.Difference] = []
        found += schemas(baseline.schemas, live.schemas)
        found += extensions(baseline.extensions, live.extensions)
        let owned = TableDiff.OwnedSequences(old: baseline.sequences, new: live.sequences)
        let changedColumns = TableDiff.tables(baseline.tables, live.tables, sequences: owned, into: &found)
        found += ObjectDiff.views(baseline.views, live.views)
        found += ObjectDiff.sequences(baseline.sequences, live.sequences, skippingOwnersIn: changedColumns)
        found += ObjectDiff.enums(baseline.enums, live.enums)
        found += ObjectDiff.domains(baseline.domains, live.domains)
        found += ObjectDiff.functions(baseline.functions, live.functions)
        return found.sorted()
    }

    static func schemas(_ old: [Catalog.Schema], _ new: [Catalog.Schema]) -> [DriftReport.Difference] {
        var found: [DriftReport.Difference] = []
        Matching.pair(old, new, key: \.name) { before, after in
            switch (before, after) {
            case (nil, let added?):
                found.append(.init(kind: .schemaAdded, object: added.name.display, summary: "schema \(added.name.display) added",
                                   ddl: ["CREATE SCHEMA \(added.name)"] + (added.comment.map { ["COMMENT ON SCHEMA \(added.name) IS \(literal: $0)"] } ?? []),
                                   revert: ["DROP SCHEMA \(added.name)"]))
            case (let dropped?, nil):
                found.append(.init(kind: .schemaDropped, object: dropped.name.display, summary: "schema \(dropped.name.display) dropped",
                                   ddl: ["DROP SCHEMA \(dropped.name)"], revert: ["CREATE SCHEMA \(dropped.name)"]))
            case (let before?, let after?):
                if let comment = Comments.changed("schema \(after.name.display)", object: after.name.display, relation: nil,
                                                  target: "SCHEMA \(after.name)", before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }

    static func extensions(_ old: [Catalog.Extension], _ new: [Catalog.Extension]) -> [DriftReport.Difference] {
        var found: [DriftReport.Difference] = []
        Matching.pair(old, new, key: \.name) { before, after in
            switch (before, after) {
            case (nil, let added?):
                found.append(.init(kind: .extensionAdded, object: added.name, after: added.version,
                                   summary: "extension \(added.name) \(added.version) added in schema \(added.schema.display)",
                                   ddl: DriftDDL.createExtension(added), revert: DriftDDL.dropExtension(added)))
            case (let dropped?, nil):
                found.append(.init(kind: .extensionDropped, object: dropped.name, before: dropped.version,
                                   summary: "extension \(dropped.name) dropped",
                                   ddl: DriftDDL.dropExtension(dropped), revert: DriftDDL.createExtension(dropped)))
            case (let before?, let after?):
                if before.version != after.version || before.schema != after.schema {
                    let from = "\(before.version) in \(before.schema.display)", to = "\(after.version) in \(after.schema.display)"
                    found.append(.init(kind: .extensionChanged, object: after.name, property: before.version != after.version ? "version" : "schema",
                                       before: from, after: to, summary: "extension \(after.name) changed: \(from) → \(to)",
                                       ddl: DriftDDL.alterExtension(from: before, to: after), revert: DriftDDL.alterExtension(from: after, to: before),
                                       note: before.version != after.version ? "an extension cannot always be downgraded; check its update scripts" : nil))
                }
                if let name = try? Identifier(after.name),
                   let comment = Comments.changed("extension \(after.name)", object: after.name, relation: nil,
                                                  target: "EXTENSION \(name)", before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }
}

/// Pairs the objects of two sorted-or-not arrays by a key.
enum Matching {
    /// Calls `body` once per key, in key order, with the object from each side (nil when missing).
    static func pair<Element, Key: Comparable & Hashable>(
        _ old: [Element], _ new: [Element], key: (Element) -> Key, _ body: (Element?, Element?) -> Void
    ) {
        var before: [Key: Element] = [:]
        for element in old { before[key(element)] = element }
        var after: [Key: Element] = [:]
        for element in new { after[key(element)] = element }
        for key in Set(before.keys).union(after.keys).sorted() { body(before[key], after[key]) }
    }
}

/// Comment differences, which every kind of object can have.
enum Comments {
    /// A `commentChanged` difference, or nil when the comment is the same.
    static func changed(_ what: String, object: String, relation: QualifiedName?, target: SQL,
                        _ before: String?, _ after: String?) -> DriftReport.Difference? {
        guard before != after else { return nil }
        let summary = switch (before, after) {
        case (nil, _): "comment on \(what) set"
        case (_, nil): "comment on \(what) removed"
        default: "comment on \(what) changed"
        }
        return .init(kind: .commentChanged, object: object, relation: relation, property: "comment", before: before, after: after,
                     summary: summary, ddl: DriftDDL.comment(on: target, after), revert: DriftDDL.comment(on: target, before))
    }
}
