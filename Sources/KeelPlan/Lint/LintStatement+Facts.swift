import KeelCore
import KeelSQL

/// A column type written in a statement: in CREATE TABLE, ADD COLUMN or ALTER COLUMN TYPE.
struct TypeUse: Sendable {
    var table: TableKey
    var column: Name
    var type: TypeName
    /// Where to point: the type if it has a position, else the column definition.
    var range: SourceRange
    /// Primary key, identity, serial, foreign key, or named like a key (`id`, `…_id`).
    var isKey: Bool
}

extension LintStatement {
    /// The columns ALTER TABLE adds.
    var addedColumns: [ColumnDefinition] {
        alterTable?.actions.compactMap { if case .addColumn(let column, _) = $0 { column } else { nil } } ?? []
    }

    /// The constraints ALTER TABLE adds.
    var addedConstraints: [TableConstraint] {
        alterTable?.actions.compactMap { if case .addConstraint(let constraint) = $0 { constraint } else { nil } } ?? []
    }

    /// Every column type the statement writes, with the table it belongs to.
    func typeUses(in context: LintContext) -> [TypeUse] {
        func isKey(_ column: ColumnDefinition, tableKeys: Set<String>) -> Bool {
            let name = column.name.value.lowercased()
            if name == "id" || name.hasSuffix("_id") || tableKeys.contains(column.name.value) { return true }
            if let type = column.type, ColumnType.serials.contains(type.name.name.value.lowercased()) { return true }
            return column.constraints.contains { constraint in
                switch constraint.kind {
                case .primaryKey, .identity, .references: true
                default: false
                }
            }
        }
        func use(_ table: TableKey, _ column: ColumnDefinition, _ keys: Set<String>) -> TypeUse? {
            guard let type = column.type else { return nil }
            return TypeUse(table: table, column: column.name, type: type, range: at(type.range == .none ? column.range : type.range),
                           isKey: isKey(column, tableKeys: keys))
        }
        switch kind {
        case .createTable(let create):
            let table = context.resolve(create.name)
            var keys: Set<String> = []
            for element in create.elements {
                if case .constraint(let constraint) = element {
                    switch constraint.kind {
                    case .primaryKey(let columns, _): keys.formUnion(columns.map(\.value))
                    case .foreignKey(let columns, _): keys.formUnion(columns.map(\.value))
                    default: break
                    }
                }
            }
            return create.columns.compactMap { use(table, $0, keys) }
        case .alterTable(let alter):
            let table = context.resolve(alter.name)
            return alter.actions.compactMap { action in
                switch action {
                case .addColumn(let column, _): return use(table, column, [])
                case .alterColumnType(let column, let type, _, _):
                    let name = column.value.lowercased()
                    return TypeUse(table: table, column: column, type: type, range: at(type.range == .none ? column.range : type.range),
                                   isKey: name == "id" || name.hasSuffix("_id"))
                default: return nil
                }
            }
        default:
            return []
        }
    }

    /// The existing relations the statement locks in a way that waits behind other transactions
    /// (every DDL lock), leaving out tables this file created and tables the catalog says are empty.
    func lockedTables(in context: LintContext) -> [TableKey] {
        var keys: [TableKey] = []
        switch kind {
        case .alterIndex(let alter):
            if context.isNewIndex(alter.name) { return [] }
            keys.append(context.tableOwningIndex(alter.name) ?? context.resolve(alter.name))
        case .alterTable(let alter):
            keys.append(context.resolve(alter.name))
            for action in alter.actions {
                if case .addConstraint(let constraint) = action, case .foreignKey(_, let reference) = constraint.kind {
                    keys.append(context.resolve(reference.table))
                }
                if case .addColumn(let column, _) = action {
                    for constraint in column.constraints {
                        if case .references(let reference) = constraint.kind { keys.append(context.resolve(reference.table)) }
                    }
                }
            }
        case .createIndex(let index):
            keys.append(context.resolve(index.table))
        case .drop(let drop):
            guard ["TABLE", "INDEX", "VIEW", "MATERIALIZED VIEW", "TRIGGER", "RULE", "POLICY"].contains(drop.objectKind) else { return [] }
            if let table = drop.onTable { keys.append(context.resolve(table)) }
            if drop.objectKind == "INDEX" {
                keys += drop.names.compactMap { context.tableOwningIndex($0) }
            } else if drop.onTable == nil {
                keys += drop.names.map { context.resolve($0) }
            }
        case .truncate(let truncate):
            keys += truncate.tables.map { context.resolve($0.name) }
        case .createTrigger(let trigger):
            keys.append(context.resolve(trigger.table))
        case .maintenance(let maintenance):
            let heavy = maintenance.command == "REINDEX" || maintenance.command == "CLUSTER"
                || (maintenance.command == "VACUUM" && maintenance.options.contains("FULL"))
            guard heavy else { return [] }
            if maintenance.command == "REINDEX", maintenance.targetKind == "INDEX" {
                keys += maintenance.targets.compactMap { context.tableOwningIndex($0.name) }
            } else if maintenance.command == "REINDEX", maintenance.targetKind != "TABLE" {
                return [TableKey(schema: "*", name: "*")]
            } else {
                keys += maintenance.targets.map { context.resolve($0.name) }
            }
        case .refreshMaterializedView(let refresh):
            keys.append(context.resolve(refresh.name))
        case .createTable(let create):
            for element in create.elements {
                if case .constraint(let constraint) = element, case .foreignKey(_, let reference) = constraint.kind {
                    keys.append(context.resolve(reference.table))
                }
                if case .column(let column) = element {
                    for constraint in column.constraints {
                        if case .references(let reference) = constraint.kind { keys.append(context.resolve(reference.table)) }
                    }
                }
            }
            if let parent = create.partitionOf?.parent { keys.append(context.resolve(parent)) }
        case .createView(let view) where view.orReplace:
            keys.append(context.resolve(view.name))
        case .other(let other):
            if other.kind == "LOCK" || other.kind == "LOCK TABLE" {
                let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "," })
                if let index = words.firstIndex(where: { $0.uppercased() != "LOCK" && $0.uppercased() != "TABLE" && $0.uppercased() != "ONLY" }),
                   let name = try? Parser.parseType(String(words[index])).name {
                    keys.append(context.resolve(name))
                }
            } else if other.kind == "ALTER DOMAIN", textMatches(["ADD", "SET NOT NULL", "VALIDATE"]) {
                return [TableKey(schema: "*", name: "domain")]
            }
        default:
            return []
        }
        var seen: Set<TableKey> = []
        return keys.filter { !context.isExempt($0) && seen.insert($0).inserted }
    }

    /// Whether the statement's upper-cased, whitespace-normalized text contains any of `phrases`.
    func textMatches(_ phrases: [String]) -> Bool {
        let normalized = " " + text.uppercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ") + " "
        return phrases.contains { normalized.contains(" " + $0 + " ") || normalized.contains(" " + $0 + "(") }
    }

    /// The statement's words, upper-cased (for statements the AST does not model).
    var words: [String] {
        text.uppercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "(" || $0 == ";" }).map(String.init)
    }
}

extension LintContext {
    /// The table an index belongs to, from the catalog (or `nil`).
    func tableOwningIndex(_ index: ObjectName) -> TableKey? {
        guard let catalog else { return nil }
        let schema = index.schema?.value
        for table in catalog.catalog.tables where schema == nil || table.schema.name == schema {
            if table.indexes.contains(where: { $0.name.name == index.name.value }) { return TableKey(table.qualifiedName) }
        }
        return nil
    }

    /// The catalog's index by name.
    func index(_ index: ObjectName) -> (table: TableKey, index: Catalog.Index)? {
        guard let catalog else { return nil }
        let schema = index.schema?.value
        for table in catalog.catalog.tables where schema == nil || table.schema.name == schema {
            if let found = table.indexes.first(where: { $0.name.name == index.name.value }) { return (TableKey(table.qualifiedName), found) }
        }
        return nil
    }

    /// Whether an index was created earlier in this file.
    func isNewIndex(_ name: ObjectName) -> Bool {
        state.createdIndexes.contains { $0.name == name.name.value && (name.schema == nil || name.schema?.value == $0.schema) }
    }
}
