import KeelCore

/// Differences of the objects that are not tables: views, sequences, enum and domain types, functions.
enum ObjectDiff {
    typealias Difference = DriftReport.Difference

    // MARK: Views

    static func views(_ old: [Catalog.View], _ new: [Catalog.View]) -> [Difference] {
        var found: [Difference] = []
        Matching.pair(old, new, key: \.qualifiedName) { before, after in
            switch (before, after) {
            case (nil, let added?):
                found.append(.init(kind: .viewAdded, object: added.qualifiedName.display, relation: added.qualifiedName,
                                   after: DriftDDL.viewQuery(added.definition),
                                   summary: "\(label(added)) \(added.qualifiedName.display) added",
                                   ddl: DriftDDL.createView(added), revert: DriftDDL.dropView(added)))
            case (let dropped?, nil):
                found.append(.init(kind: .viewDropped, object: dropped.qualifiedName.display, relation: dropped.qualifiedName,
                                   before: DriftDDL.viewQuery(dropped.definition),
                                   summary: "\(label(dropped)) \(dropped.qualifiedName.display) dropped",
                                   ddl: DriftDDL.dropView(dropped), revert: DriftDDL.createView(dropped)))
            case (let before?, let after?):
                found += view(before, after)
            case (nil, nil): break
            }
        }
        return found
    }

    private static func label(_ view: Catalog.View) -> String {
        view.materialized ? "materialized view" : "view"
    }

    private static func view(_ before: Catalog.View, _ after: Catalog.View) -> [Difference] {
        let name = after.qualifiedName
        let object = name.display
        var found: [Difference] = []
        let replaced = before.definition != after.definition || before.materialized != after.materialized
        if replaced {
            found.append(.init(kind: .viewChanged, object: object, relation: name, property: "definition",
                               before: DriftDDL.viewQuery(before.definition), after: DriftDDL.viewQuery(after.definition),
                               summary: "\(label(after)) \(object) definition changed",
                               ddl: DriftDDL.replaceView(from: before, to: after), revert: DriftDDL.replaceView(from: after, to: before),
                               note: before.materialized || after.materialized ? nil
                                   : "CREATE OR REPLACE VIEW only appends columns; drop and create the view when its columns changed"))
        } else if before.columns.map(\.name) != after.columns.map(\.name) || before.columns.map(\.type) != after.columns.map(\.type) {
            // Same query text, other columns: a table it reads changed under it (SELECT * is expanded at creation).
            let describe = { (view: Catalog.View) in view.columns.map { "\($0.name.display) \($0.type)" }.joined(separator: ", ") }
            found.append(.init(kind: .viewChanged, object: object, relation: name, property: "columns",
                               before: describe(before), after: describe(after),
                               summary: "\(label(after)) \(object) columns changed: \(describe(before)) → \(describe(after))",
                               ddl: [], revert: DriftDDL.dropView(after) + DriftDDL.createView(before)))
        }
        if before.options.sorted() != after.options.sorted() && before.materialized == after.materialized {
            let kind: SQL = after.materialized ? "MATERIALIZED VIEW" : "VIEW"
            found.append(.init(kind: .viewChanged, object: object, relation: name, property: "options",
                               before: before.options.joined(separator: ", "), after: after.options.joined(separator: ", "),
                               summary: "\(label(after)) \(object) options changed",
                               ddl: DriftDDL.options(name, object: kind, from: before.options, to: after.options),
                               revert: DriftDDL.options(name, object: kind, from: after.options, to: before.options)))
        }
        // A replaced materialized view is dropped and created with its indexes.
        if after.materialized && !replaced {
            found += TableDiff.indexes(name, before.indexes, after.indexes)
        }
        let target: SQL = after.materialized ? "MATERIALIZED VIEW \(name)" : "VIEW \(name)"
        if let comment = Comments.changed("\(label(after)) \(object)", object: object, relation: name, target: target, before.comment, after.comment) {
            found.append(comment)
        }
        for (old, new) in zip(before.columns, after.columns) where old.name == new.name {
            let columnObject = TableDiff.columnObject(name, new.name)
            if let comment = Comments.changed("column \(columnObject)", object: columnObject, relation: name,
                                              target: "COLUMN \(name).\(new.name)", old.comment, new.comment) {
                found.append(comment)
            }
        }
        return found
    }

    // MARK: Sequences

    /// Sequences owned by a column that was added or dropped come and go with it, so they are skipped.
    static func sequences(_ old: [Catalog.Sequence], _ new: [Catalog.Sequence],
                          skippingOwnersIn changedColumns: Set<Catalog.ColumnReference>) -> [Difference] {
        var found: [Difference] = []
        Matching.pair(old, new, key: \.qualifiedName) { before, after in
            switch (before, after) {
            case (nil, let added?):
                if let owner = added.ownedBy, changedColumns.contains(owner) { return }
                found.append(.init(kind: .sequenceAdded, object: added.qualifiedName.display, after: describe(added),
                                   summary: "sequence \(added.qualifiedName.display) added: \(describe(added))",
                                   ddl: DriftDDL.createSequence(added), revert: DriftDDL.dropSequence(added)))
            case (let dropped?, nil):
                if let owner = dropped.ownedBy, changedColumns.contains(owner) { return }
                found.append(.init(kind: .sequenceDropped, object: dropped.qualifiedName.display, before: describe(dropped),
                                   summary: "sequence \(dropped.qualifiedName.display) dropped",
                                   ddl: DriftDDL.dropSequence(dropped), revert: DriftDDL.createSequence(dropped),
                                   note: "reverting restarts the sequence at its START value; set it with setval"))
            case (let before?, let after?):
                var comparable = before
                comparable.comment = after.comment
                if comparable != after {
                    let object = after.qualifiedName.display
                    found.append(.init(kind: .sequenceChanged, object: object, property: "definition",
                                       before: describe(before), after: describe(after),
                                       summary: "sequence \(object) changed: \(describe(before)) → \(describe(after))",
                                       ddl: DriftDDL.alterSequence(after) + owned(after, was: before),
                                       revert: DriftDDL.alterSequence(before) + owned(before, was: after)))
                }
                if let comment = Comments.changed("sequence \(after.qualifiedName.display)", object: after.qualifiedName.display, relation: nil,
                                                  target: "SEQUENCE \(after.qualifiedName)", before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }

    private static func owned(_ sequence: Catalog.Sequence, was old: Catalog.Sequence) -> [SQL] {
        guard sequence.ownedBy != old.ownedBy else { return [] }
        guard let owner = sequence.ownedBy else { return ["ALTER SEQUENCE \(sequence.qualifiedName) OWNED BY NONE"] }
        return ["ALTER SEQUENCE \(sequence.qualifiedName) OWNED BY \(QualifiedName(schema: owner.schema, name: owner.table)).\(owner.column)"]
    }

    private static func describe(_ sequence: Catalog.Sequence) -> String {
        var text = "\(sequence.type) start \(sequence.start) increment \(sequence.increment) min \(sequence.minimum) max \(sequence.maximum)"
        if sequence.cycles { text += " cycle" }
        if let owner = sequence.ownedBy { text += " owned by \(owner.display)" }
        return text
    }

    // MARK: Types

    static func enums(_ old: [Catalog.EnumType], _ new: [Catalog.EnumType]) -> [Difference] {
        var found: [Difference] = []
        Matching.pair(old, new, key: \.qualifiedName) { before, after in
            switch (before, after) {
            case (nil, let added?):
                found.append(.init(kind: .typeAdded, object: added.qualifiedName.display, after: labels(added),
                                   summary: "enum type \(added.qualifiedName.display) added: \(labels(added))",
                                   ddl: DriftDDL.createEnum(added), revert: DriftDDL.dropType(added.qualifiedName, domain: false)))
            case (let dropped?, nil):
                found.append(.init(kind: .typeDropped, object: dropped.qualifiedName.display, before: labels(dropped),
                                   summary: "enum type \(dropped.qualifiedName.display) dropped",
                                   ddl: DriftDDL.dropType(dropped.qualifiedName, domain: false), revert: DriftDDL.createEnum(dropped)))
            case (let before?, let after?):
                let object = after.qualifiedName.display
                if before.labels != after.labels {
                    let removed = before.labels.filter { !after.labels.contains($0) }
                    let addedOnly = removed.isEmpty && before.labels == after.labels.filter { before.labels.contains($0) }
                    found.append(.init(kind: .typeChanged, object: object, property: "labels", before: labels(before), after: labels(after),
                                       summary: "enum type \(object) labels changed: \(labels(before)) → \(labels(after))",
                                       ddl: addedOnly ? DriftDDL.addEnumLabels(from: before, to: after) : [], revert: [],
                                       note: addedOnly ? "an enum label cannot be removed: reverting means recreating the type"
                                           : "labels were removed or reordered, which needs the type recreated"))
                }
                if let comment = Comments.changed("type \(object)", object: object, relation: nil, target: "TYPE \(after.qualifiedName)",
                                                  before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }

    private static func labels(_ type: Catalog.EnumType) -> String {
        "(" + type.labels.map { "'\($0)'" }.joined(separator: ", ") + ")"
    }

    static func domains(_ old: [Catalog.Domain], _ new: [Catalog.Domain]) -> [Difference] {
        var found: [Difference] = []
        Matching.pair(old, new, key: \.qualifiedName) { before, after in
            switch (before, after) {
            case (nil, let added?):
                found.append(.init(kind: .typeAdded, object: added.qualifiedName.display, after: added.baseType,
                                   summary: "domain \(added.qualifiedName.display) added over \(added.baseType)",
                                   ddl: DriftDDL.createDomain(added), revert: DriftDDL.dropType(added.qualifiedName, domain: true)))
            case (let dropped?, nil):
                found.append(.init(kind: .typeDropped, object: dropped.qualifiedName.display, before: dropped.baseType,
                                   summary: "domain \(dropped.qualifiedName.display) dropped",
                                   ddl: DriftDDL.dropType(dropped.qualifiedName, domain: true), revert: DriftDDL.createDomain(dropped)))
            case (let before?, let after?):
                let object = after.qualifiedName.display
                if before.baseType != after.baseType {
                    found.append(.init(kind: .typeChanged, object: object, property: "base type", before: before.baseType, after: after.baseType,
                                       summary: "domain \(object) base type changed: \(before.baseType) → \(after.baseType)",
                                       ddl: [], revert: [], note: "a domain's base type cannot be altered: the domain was recreated"))
                }
                let ddl = DriftDDL.alterDomain(from: before, to: after)
                if !ddl.isEmpty {
                    found.append(.init(kind: .typeChanged, object: object, property: "constraints",
                                       summary: "domain \(object) default, NOT NULL or constraints changed",
                                       ddl: ddl, revert: DriftDDL.alterDomain(from: after, to: before)))
                }
                if let comment = Comments.changed("domain \(object)", object: object, relation: nil, target: "DOMAIN \(after.qualifiedName)",
                                                  before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }

    // MARK: Functions

    static func functions(_ old: [Catalog.Function], _ new: [Catalog.Function]) -> [Difference] {
        var found: [Difference] = []
        let key = { (function: Catalog.Function) in FunctionKey(name: function.qualifiedName, arguments: function.arguments) }
        Matching.pair(old, new, key: key) { before, after in
            switch (before, after) {
            case (nil, let added?):
                found.append(.init(kind: .functionAdded, object: identity(added), after: signature(added),
                                   summary: "\(added.kind.rawValue) \(identity(added)) added: \(signature(added))",
                                   ddl: [], revert: DriftDDL.dropFunction(added),
                                   note: "the catalog does not hold routine bodies: pg_get_functiondef prints the CREATE statement"))
            case (let dropped?, nil):
                found.append(.init(kind: .functionDropped, object: identity(dropped), before: signature(dropped),
                                   summary: "\(dropped.kind.rawValue) \(identity(dropped)) dropped",
                                   ddl: DriftDDL.dropFunction(dropped), revert: [],
                                   note: "the catalog does not hold routine bodies: recreate it from its source"))
            case (let before?, let after?):
                var comparable = before
                comparable.comment = after.comment
                if comparable != after {
                    let alter = DriftDDL.alterFunction(from: before, to: after)
                    let complete = before.returns == after.returns && before.kind == after.kind && before.language == after.language
                    found.append(.init(kind: .functionChanged, object: identity(after), property: "definition",
                                       before: signature(before), after: signature(after),
                                       summary: "\(after.kind.rawValue) \(identity(after)) changed: \(signature(before)) → \(signature(after))",
                                       ddl: alter, revert: DriftDDL.alterFunction(from: after, to: before),
                                       note: complete ? nil : "its result type, kind or language changed: recreate it with CREATE OR REPLACE from its source"))
                }
                if let comment = Comments.changed("\(after.kind.rawValue) \(identity(after))", object: identity(after), relation: nil,
                                                  target: DriftDDL.routine(after), before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }

    private struct FunctionKey: Hashable, Comparable {
        var name: QualifiedName
        var arguments: String
        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.name, lhs.arguments) < (rhs.name, rhs.arguments) }
    }

    private static func identity(_ function: Catalog.Function) -> String {
        "\(function.qualifiedName.display)(\(function.arguments))"
    }

    private static func signature(_ function: Catalog.Function) -> String {
        var text = function.returns.map { "returns \($0)" } ?? "procedure"
        text += " language \(function.language) \(function.volatility.rawValue)"
        if function.securityDefiner { text += " security definer" }
        return text
    }
}
