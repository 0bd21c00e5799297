import KeelCore

/// Differences of tables and of what they hold: columns, indexes, constraints, triggers.
enum TableDiff {
    typealias Difference = DriftReport.Difference

    /// Appends the table differences to `found` and returns the columns that appeared or
    /// disappeared (with their table), whose owned sequences come and go with them.
    /// Sequences by the column that owns them, on each side, for serial columns that come or go.
    struct OwnedSequences {
        var old: [Catalog.ColumnReference: [Catalog.Sequence]]
        var new: [Catalog.ColumnReference: [Catalog.Sequence]]

        init(old: [Catalog.Sequence], new: [Catalog.Sequence]) {
            func index(_ sequences: [Catalog.Sequence]) -> [Catalog.ColumnReference: [Catalog.Sequence]] {
                var byOwner: [Catalog.ColumnReference: [Catalog.Sequence]] = [:]
                for sequence in sequences { if let owner = sequence.ownedBy { byOwner[owner, default: []].append(sequence) } }
                return byOwner
            }
            self.old = index(old)
            self.new = index(new)
        }

        /// The sequences a serial column owns (an identity column's sequence comes with the column itself).
        static func owned(by columns: [Catalog.Column], of table: QualifiedName,
                          in index: [Catalog.ColumnReference: [Catalog.Sequence]]) -> [Catalog.Sequence] {
            columns.filter { $0.identity == nil }.flatMap { index[reference(table, $0.name)] ?? [] }
        }
    }

    static func tables(_ old: [Catalog.Table], _ new: [Catalog.Table], sequences: OwnedSequences,
                       into found: inout [Difference]) -> Set<Catalog.ColumnReference> {
        var changedColumns: Set<Catalog.ColumnReference> = []
        let live = Dictionary(new.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { first, _ in first })
        Matching.pair(old, new, key: \.qualifiedName) { before, after in
            switch (before, after) {
            case (nil, let added?):
                let columns = added.columns.map { "\($0.name.display) \($0.type)" }.joined(separator: ", ")
                found.append(.init(kind: .tableAdded, object: added.qualifiedName.display, relation: added.qualifiedName,
                                   summary: "table \(added.qualifiedName.display) added (\(columns))",
                                   ddl: DriftDDL.createTable(added, owned: OwnedSequences.owned(by: added.columns, of: added.qualifiedName, in: sequences.new)),
                                   revert: DriftDDL.dropTable(added), note: foreignNote(added)))
                changedColumns.formUnion(added.columns.map { reference(added.qualifiedName, $0.name) })
            case (let dropped?, nil):
                found.append(.init(kind: .tableDropped, object: dropped.qualifiedName.display, relation: dropped.qualifiedName,
                                   summary: "table \(dropped.qualifiedName.display) dropped (\(dropped.columns.count) columns)",
                                   ddl: DriftDDL.dropTable(dropped),
                                   revert: DriftDDL.createTable(dropped, owned: OwnedSequences.owned(by: dropped.columns, of: dropped.qualifiedName, in: sequences.old)),
                                   note: foreignNote(dropped) ?? "reverting recreates the table empty: its rows are gone"))
                changedColumns.formUnion(dropped.columns.map { reference(dropped.qualifiedName, $0.name) })
            case (let before?, let after?):
                found += properties(before, after)
                found += columns(before, after, parent: after.partitionOf.flatMap { live[$0.parent] }, sequences: sequences,
                                 changed: &changedColumns)
                found += indexes(after.qualifiedName, before.indexes, after.indexes)
                found += constraints(after.qualifiedName, before.constraints, after.constraints)
                found += triggers(after.qualifiedName, before.triggers, after.triggers)
            case (nil, nil): break
            }
        }
        return changedColumns
    }

    private static func reference(_ table: QualifiedName, _ column: Identifier) -> Catalog.ColumnReference {
        Catalog.ColumnReference(schema: table.schema, table: table.name, column: column)
    }

    private static func foreignNote(_ table: Catalog.Table) -> String? {
        table.kind == .foreign ? "a foreign table's OPTIONS are not in the catalog; add them to the CREATE FOREIGN TABLE" : nil
    }

    // MARK: Table properties

    static func properties(_ before: Catalog.Table, _ after: Catalog.Table) -> [Difference] {
        let name = after.qualifiedName
        let object = name.display
        var found: [Difference] = []
        func changed(_ property: String, _ old: String, _ new: String, ddl: [SQL], revert: [SQL], note: String? = nil) {
            found.append(.init(kind: .tableChanged, object: object, relation: name, property: property, before: old, after: new,
                               summary: "table \(object) \(property) changed: \(old) → \(new)", ddl: ddl, revert: revert, note: note))
        }
        if before.persistence != after.persistence {
            func set(_ persistence: Catalog.Persistence) -> [SQL] {
                persistence == .unlogged ? ["ALTER TABLE \(name) SET UNLOGGED"] : ["ALTER TABLE \(name) SET LOGGED"]
            }
            changed("persistence", before.persistence.rawValue, after.persistence.rawValue, ddl: set(after.persistence), revert: set(before.persistence))
        }
        if before.rowLevelSecurity != after.rowLevelSecurity {
            func set(_ on: Bool) -> [SQL] {
                on ? ["ALTER TABLE \(name) ENABLE ROW LEVEL SECURITY"] : ["ALTER TABLE \(name) DISABLE ROW LEVEL SECURITY"]
            }
            changed("row level security", before.rowLevelSecurity ? "enabled" : "disabled", after.rowLevelSecurity ? "enabled" : "disabled",
                    ddl: set(after.rowLevelSecurity), revert: set(before.rowLevelSecurity))
        }
        if before.replicaIdentity != after.replicaIdentity {
            func set(_ identity: Catalog.ReplicaIdentity) -> [SQL] {
                identity == .default ? ["ALTER TABLE \(name) REPLICA IDENTITY DEFAULT"] : DriftDDL.replicaIdentity(name, identity)
            }
            let usesIndex = before.replicaIdentity == .index || after.replicaIdentity == .index
            changed("replica identity", before.replicaIdentity.rawValue, after.replicaIdentity.rawValue,
                    ddl: set(after.replicaIdentity), revert: set(before.replicaIdentity),
                    note: usesIndex ? "the catalog does not name the replica identity index: use REPLICA IDENTITY USING INDEX name" : nil)
        }
        if before.options.sorted() != after.options.sorted() {
            changed("options", list(before.options), list(after.options),
                    ddl: DriftDDL.options(name, object: "TABLE", from: before.options, to: after.options),
                    revert: DriftDDL.options(name, object: "TABLE", from: after.options, to: before.options))
        }
        if before.partitionOf != after.partitionOf {
            func attach(_ partition: Catalog.PartitionParent?) -> [SQL] {
                partition.map { ["ALTER TABLE \($0.parent) ATTACH PARTITION \(name) \(TrustedSQL.serverPrinted($0.bound))"] } ?? []
            }
            func detach(_ partition: Catalog.PartitionParent?) -> [SQL] {
                partition.map { ["ALTER TABLE \($0.parent) DETACH PARTITION \(name)"] } ?? []
            }
            let describe = { (partition: Catalog.PartitionParent?) in partition.map { "partition of \($0.parent.display) \($0.bound)" } ?? "not a partition" }
            changed("partition", describe(before.partitionOf), describe(after.partitionOf),
                    ddl: detach(before.partitionOf) + attach(after.partitionOf), revert: detach(after.partitionOf) + attach(before.partitionOf))
        }
        if before.inherits != after.inherits {
            func move(from old: [QualifiedName], to new: [QualifiedName]) -> [SQL] {
                old.filter { !new.contains($0) }.map { "ALTER TABLE \(name) NO INHERIT \($0)" }
                    + new.filter { !old.contains($0) }.map { "ALTER TABLE \(name) INHERIT \($0)" }
            }
            changed("inherits", list(before.inherits.map(\.display)), list(after.inherits.map(\.display)),
                    ddl: move(from: before.inherits, to: after.inherits), revert: move(from: after.inherits, to: before.inherits))
        }
        let recreate = "ALTER TABLE cannot change this: the table has to be recreated"
        if before.kind != after.kind {
            changed("kind", before.kind.rawValue, after.kind.rawValue, ddl: [], revert: [], note: recreate)
        }
        if before.partitionKey != after.partitionKey {
            changed("partition key", before.partitionKey ?? "none", after.partitionKey ?? "none", ddl: [], revert: [], note: recreate)
        }
        if before.foreignServer != after.foreignServer, let server = after.foreignServer.flatMap({ try? Identifier($0) }),
           let old = before.foreignServer.flatMap({ try? Identifier($0) }) {
            changed("foreign server", old.display, server.display, ddl: [], revert: [], note: recreate)
        }
        if let comment = Comments.changed("table \(object)", object: object, relation: name, target: "TABLE \(name)", before.comment, after.comment) {
            found.append(comment)
        }
        return found
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "none" : items.joined(separator: ", ")
    }

    // MARK: Columns

    /// - Parameter parent: For a partition, its parent as it is now, whose columns it inherits.
    static func columns(_ before: Catalog.Table, _ after: Catalog.Table, parent: Catalog.Table?, sequences: OwnedSequences,
                        changed: inout Set<Catalog.ColumnReference>) -> [Difference] {
        let table = after.qualifiedName
        // A partition's columns are its parent's (only NOT NULL and defaults may differ), so
        // their changes are reported on the parent.
        let partition = before.partitionOf != nil && after.partitionOf != nil
        // A rename keeps the column's attnum, which no new column ever reuses.
        let oldNames = Set(before.columns.map(\.name)), newNames = Set(after.columns.map(\.name))
        let goneByPosition = Dictionary(before.columns.filter { !newNames.contains($0.name) }.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
        var renamedFrom: [Identifier: Catalog.Column] = [:]
        for column in after.columns where !oldNames.contains(column.name) {
            if let original = goneByPosition[column.position] { renamedFrom[column.name] = original }
        }
        let renamedAway = Set(renamedFrom.values.map(\.name))
        var found: [Difference] = []
        Matching.pair(before.columns, after.columns, key: \.name) { old, new in
            switch (old, new) {
            case (nil, let added?):
                if let original = renamedFrom[added.name] {
                    if !partition { found.append(rename(table, from: original.name, to: added.name)) }
                    var same = original
                    same.name = added.name
                    found += column(table, same, added, partition: partition)
                    return
                }
                changed.insert(reference(table, added.name))
                if partition {
                    if let inherited = parent?.columns.first(where: { $0.name == added.name }) {
                        found += column(table, inherited, added, partition: true)
                    }
                    return
                }
                found.append(.init(kind: .columnAdded, object: columnObject(table, added.name), relation: table,
                                   after: describe(added), summary: "column \(columnObject(table, added.name)) added: \(describe(added))",
                                   ddl: DriftDDL.addColumn(table, added, owned: OwnedSequences.owned(by: [added], of: table, in: sequences.new)),
                                   revert: DriftDDL.dropColumn(table, added)))
            case (let dropped?, nil):
                if renamedAway.contains(dropped.name) { return }
                changed.insert(reference(table, dropped.name))
                if partition { return }
                found.append(.init(kind: .columnDropped, object: columnObject(table, dropped.name), relation: table,
                                   before: describe(dropped), summary: "column \(columnObject(table, dropped.name)) dropped (was \(describe(dropped)))",
                                   ddl: DriftDDL.dropColumn(table, dropped),
                                   revert: DriftDDL.addColumn(table, dropped, owned: OwnedSequences.owned(by: [dropped], of: table, in: sequences.old)),
                                   note: "reverting adds the column back empty: its values are gone"))
            case (let old?, let new?):
                found += column(table, old, new, partition: partition)
            case (nil, nil): break
            }
        }
        return found
    }

    private static func rename(_ table: QualifiedName, from old: Identifier, to new: Identifier) -> Difference {
        let object = columnObject(table, new)
        return .init(kind: .columnChanged, object: object, relation: table, property: "name", before: old.name, after: new.name,
                     summary: "column \(columnObject(table, old)) renamed to \(new.display)",
                     ddl: ["ALTER TABLE \(table) RENAME COLUMN \(old) TO \(new)"], revert: ["ALTER TABLE \(table) RENAME COLUMN \(new) TO \(old)"])
    }

    static func columnObject(_ table: QualifiedName, _ column: Identifier) -> String {
        "\(table.display).\(column.display)"
    }

    /// `numeric(12,2) not null default 0`, for summaries.
    static func describe(_ column: Catalog.Column) -> String {
        var text = column.type
        if let collation = column.collation { text += " collate \(collation)" }
        text += column.nullable ? ", nullable" : ", not null"
        if let value = column.default { text += ", default \(value.expression)" }
        if let identity = column.identity { text += identity == .always ? ", generated always as identity" : ", generated by default as identity" }
        if let generated = column.generated { text += ", generated always as (\(generated))" }
        return text
    }

    /// The differences of one column present on both sides.
    static func column(_ table: QualifiedName, _ old: Catalog.Column, _ new: Catalog.Column, partition: Bool = false) -> [Difference] {
        let object = columnObject(table, new.name)
        var found: [Difference] = []
        if old.position != new.position && !partition {
            // attnum only changes when the column was dropped and added again.
            found.append(.init(kind: .columnChanged, object: object, relation: table, property: "position",
                               before: String(old.position), after: String(new.position),
                               summary: "column \(object) was dropped and added again (position \(old.position) → \(new.position))",
                               ddl: DriftDDL.dropColumn(table, old) + DriftDDL.addColumn(table, new),
                               revert: DriftDDL.dropColumn(table, new) + DriftDDL.addColumn(table, old),
                               note: "the column's values were lost when it was dropped"))
        }
        if partition {
            // Type and collation follow the parent.
        } else if old.type != new.type {
            found.append(.init(kind: .columnTypeChanged, object: object, relation: table, property: "type", before: old.type, after: new.type,
                               summary: "column \(object) type changed: \(old.type) → \(new.type)",
                               ddl: DriftDDL.alterType(table, new), revert: DriftDDL.alterType(table, old),
                               note: "a type change without a binary-coercible cast rewrites the table; a USING clause may be needed"))
        } else if old.collation != new.collation {
            found.append(.init(kind: .columnChanged, object: object, relation: table, property: "collation",
                               before: old.collation ?? "default", after: new.collation ?? "default",
                               summary: "column \(object) collation changed: \(old.collation ?? "default") → \(new.collation ?? "default")",
                               ddl: DriftDDL.alterType(table, new), revert: DriftDDL.alterType(table, old)))
        }
        if old.nullable != new.nullable {
            let from = old.nullable ? "nullable" : "not null", to = new.nullable ? "nullable" : "not null"
            found.append(.init(kind: .columnNullabilityChanged, object: object, relation: table, property: "nullable", before: from, after: to,
                               summary: "column \(object) changed from \(from) to \(to)",
                               ddl: DriftDDL.setNullable(table, new), revert: DriftDDL.setNullable(table, old)))
        }
        if old.default?.expression != new.default?.expression {
            let summary = switch (old.default, new.default) {
            case (nil, let value?): "column \(object) default set: \(value.expression)"
            case (let value?, nil): "column \(object) default removed (was \(value.expression))"
            default: "column \(object) default changed: \(old.default?.expression ?? "") → \(new.default?.expression ?? "")"
            }
            found.append(.init(kind: .columnDefaultChanged, object: object, relation: table, property: "default",
                               before: old.default?.expression, after: new.default?.expression, summary: summary,
                               ddl: DriftDDL.setDefault(table, new), revert: DriftDDL.setDefault(table, old)))
        }
        if old.identity != new.identity {
            let from = old.identity?.rawValue ?? "none", to = new.identity?.rawValue ?? "none"
            found.append(.init(kind: .columnChanged, object: object, relation: table, property: "identity", before: from, after: to,
                               summary: "column \(object) identity changed: \(from) → \(to)",
                               ddl: DriftDDL.setIdentity(table, new.name, from: old.identity, to: new.identity),
                               revert: DriftDDL.setIdentity(table, new.name, from: new.identity, to: old.identity)))
        }
        if old.generated != new.generated {
            let drop: SQL = "ALTER TABLE \(table) ALTER COLUMN \(new.name) DROP EXPRESSION"
            found.append(.init(kind: .columnChanged, object: object, relation: table, property: "generated",
                               before: old.generated, after: new.generated,
                               summary: "column \(object) generation expression changed: \(old.generated ?? "none") → \(new.generated ?? "none")",
                               ddl: new.generated == nil ? [drop] : [], revert: [],
                               note: "a generation expression cannot be altered: drop and add the column to restore it"))
        }
        if let comment = Comments.changed("column \(object)", object: object, relation: table,
                                          target: "COLUMN \(table).\(new.name)", old.comment, new.comment) {
            found.append(comment)
        }
        return found
    }

    // MARK: Indexes

    static func indexes(_ table: QualifiedName, _ old: [Catalog.Index], _ new: [Catalog.Index]) -> [Difference] {
        var found: [Difference] = []
        Matching.pair(old, new, key: \.name) { before, after in
            let object = QualifiedName(schema: table.schema, name: (after ?? before)?.name ?? table.name).display
            switch (before, after) {
            case (nil, let added?):
                // A constraint's index comes and goes with the constraint, which is reported.
                if added.constraint != nil && added.valid { return }
                if !added.valid {
                    found.append(.init(kind: .indexInvalid, object: object, relation: table, after: added.definition,
                                       summary: "index \(object) added but INVALID (a failed CREATE INDEX CONCURRENTLY): \(added.definition)",
                                       ddl: DriftDDL.createIndex(added), revert: DriftDDL.dropIndex(table, added),
                                       note: "an invalid index is maintained on every write but never used"))
                    return
                }
                found.append(.init(kind: .indexAdded, object: object, relation: table, after: added.definition,
                                   summary: "index \(object) added: \(added.definition)",
                                   ddl: DriftDDL.createIndex(added), revert: DriftDDL.dropIndex(table, added)))
            case (let dropped?, nil):
                if dropped.constraint != nil { return }
                found.append(.init(kind: .indexDropped, object: object, relation: table, before: dropped.definition,
                                   summary: "index \(object) dropped (was \(dropped.definition))",
                                   ddl: DriftDDL.dropIndex(table, dropped), revert: DriftDDL.createIndex(dropped)))
            case (let before?, let after?):
                if before.definition != after.definition {
                    found.append(.init(kind: .indexChanged, object: object, relation: table, property: "definition",
                                       before: before.definition, after: after.definition,
                                       summary: "index \(object) changed: \(before.definition) → \(after.definition)",
                                       ddl: DriftDDL.dropIndex(table, before) + DriftDDL.createIndex(after),
                                       revert: DriftDDL.dropIndex(table, after) + DriftDDL.createIndex(before)))
                }
                if before.valid && !after.valid {
                    found.append(.init(kind: .indexInvalid, object: object, relation: table, property: "valid", before: "valid", after: "invalid",
                                       summary: "index \(object) is INVALID: it is maintained on every write but never used",
                                       ddl: [], revert: DriftDDL.reindex(table, after),
                                       note: "no DDL reproduces a failed build; REINDEX CONCURRENTLY rebuilds it"))
                } else if !before.valid && after.valid {
                    found.append(.init(kind: .indexChanged, object: object, relation: table, property: "valid", before: "invalid", after: "valid",
                                       summary: "index \(object) was rebuilt and is valid again",
                                       ddl: DriftDDL.reindex(table, after), revert: []))
                }
                if let comment = Comments.changed("index \(object)", object: object, relation: table,
                                                  target: "INDEX \(QualifiedName(schema: table.schema, name: after.name))", before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }

    // MARK: Constraints

    static func constraints(_ table: QualifiedName, _ old: [Catalog.Constraint], _ new: [Catalog.Constraint]) -> [Difference] {
        var found: [Difference] = []
        // A partition's inherited constraints follow its parent's, which is reported.
        Matching.pair(old.filter { !$0.inherited }, new.filter { !$0.inherited }, key: \.name) { before, after in
            let object = "\(((after ?? before)?.name ?? table.name).display) on \(table.display)"
            switch (before, after) {
            case (nil, let added?):
                found.append(.init(kind: .constraintAdded, object: object, relation: table, after: added.definition,
                                   summary: "\(label(added.kind)) \(object) added: \(added.definition)",
                                   ddl: [DriftDDL.addConstraint(table, added)], revert: [DriftDDL.dropConstraint(table, added)]))
            case (let dropped?, nil):
                found.append(.init(kind: .constraintDropped, object: object, relation: table, before: dropped.definition,
                                   summary: "\(label(dropped.kind)) \(object) dropped (was \(dropped.definition))",
                                   ddl: [DriftDDL.dropConstraint(table, dropped)], revert: [DriftDDL.addConstraint(table, dropped)]))
            case (let before?, let after?):
                let notValid = " NOT VALID"
                let validatedForm = before.definition.hasSuffix(notValid) ? String(before.definition.dropLast(notValid.count)) : before.definition
                if !before.validated && after.validated && validatedForm == after.definition {
                    // Only VALIDATE CONSTRAINT ran (pg_get_constraintdef drops its NOT VALID).
                    found.append(.init(kind: .constraintChanged, object: object, relation: table, property: "validated",
                                       before: "not valid", after: "valid", summary: "\(label(after.kind)) \(object) validated",
                                       ddl: [DriftDDL.validateConstraint(table, after)],
                                       revert: [DriftDDL.dropConstraint(table, after), DriftDDL.addConstraint(table, before)]))
                } else if before.definition != after.definition || before.validated != after.validated
                            || before.deferrable != after.deferrable || before.initiallyDeferred != after.initiallyDeferred {
                    found.append(.init(kind: .constraintChanged, object: object, relation: table, property: "definition",
                                       before: before.definition, after: after.definition,
                                       summary: "\(label(after.kind)) \(object) changed: \(before.definition) → \(after.definition)",
                                       ddl: [DriftDDL.dropConstraint(table, before), DriftDDL.addConstraint(table, after)],
                                       revert: [DriftDDL.dropConstraint(table, after), DriftDDL.addConstraint(table, before)]))
                }
                if let comment = Comments.changed("constraint \(object)", object: object, relation: table,
                                                  target: "CONSTRAINT \(after.name) ON \(table)", before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }

    static func label(_ kind: Catalog.ConstraintKind) -> String {
        switch kind {
        case .primaryKey: "primary key"
        case .foreignKey: "foreign key"
        case .unique: "unique constraint"
        case .check: "check constraint"
        case .exclusion: "exclusion constraint"
        case .trigger: "constraint trigger"
        }
    }

    // MARK: Triggers

    static func triggers(_ table: QualifiedName, _ old: [Catalog.Trigger], _ new: [Catalog.Trigger]) -> [Difference] {
        var found: [Difference] = []
        Matching.pair(old.filter { !$0.inherited }, new.filter { !$0.inherited }, key: \.name) { before, after in
            let object = "\(((after ?? before)?.name ?? table.name).display) on \(table.display)"
            switch (before, after) {
            case (nil, let added?):
                found.append(.init(kind: .triggerAdded, object: object, relation: table, after: added.definition,
                                   summary: "trigger \(object) added: \(added.definition)",
                                   ddl: DriftDDL.createTrigger(table, added), revert: DriftDDL.dropTrigger(table, added)))
            case (let dropped?, nil):
                found.append(.init(kind: .triggerDropped, object: object, relation: table, before: dropped.definition,
                                   summary: "trigger \(object) dropped (was \(dropped.definition))",
                                   ddl: DriftDDL.dropTrigger(table, dropped), revert: DriftDDL.createTrigger(table, dropped)))
            case (let before?, let after?):
                if before.definition != after.definition {
                    found.append(.init(kind: .triggerChanged, object: object, relation: table, property: "definition",
                                       before: before.definition, after: after.definition,
                                       summary: "trigger \(object) changed: \(before.definition) → \(after.definition)",
                                       ddl: DriftDDL.dropTrigger(table, before) + DriftDDL.createTrigger(table, after),
                                       revert: DriftDDL.dropTrigger(table, after) + DriftDDL.createTrigger(table, before)))
                } else if before.enabled != after.enabled {
                    found.append(.init(kind: .triggerChanged, object: object, relation: table, property: "enabled",
                                       before: before.enabled.rawValue, after: after.enabled.rawValue,
                                       summary: "trigger \(object) \(after.enabled == .disabled ? "disabled" : "enabled: \(after.enabled.rawValue)") (was \(before.enabled.rawValue))",
                                       ddl: DriftDDL.enableTrigger(table, after), revert: DriftDDL.enableTrigger(table, before)))
                }
                if let comment = Comments.changed("trigger \(object)", object: object, relation: table,
                                                  target: "TRIGGER \(after.name) ON \(table)", before.comment, after.comment) {
                    found.append(comment)
                }
            case (nil, nil): break
            }
        }
        return found
    }
}
