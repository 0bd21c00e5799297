import KeelCore

extension ChangeSpec.AddConstraint: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let name = try context.identifier(self.name, field: "name")
        let kinds = [check != nil, unique != nil, primaryKey != nil, foreignKey != nil].filter { $0 }.count
        guard kinds == 1 else { throw context.invalid("add_constraint", "give exactly one of check, unique, primary_key, foreign_key") }
        if context.catalog.table(table)?.constraints.contains(where: { $0.name == name }) == true {
            throw .alreadyExists(index: context.operationIndex, operation: context.operationName,
                                 object: "constraint \(name.display) on \(table.display)", line: context.line)
        }
        let simple = context.takesSimplePath(table)
        if let check {
            let expression = try context.expression(check, field: "check")
            for column in expression.columns where !context.columns(of: table).contains(column) {
                throw .unknownColumn(index: context.operationIndex, operation: context.operationName, table: table.display, column: column, line: context.line)
            }
            Patterns.addValidated(table, name, definition: "CHECK (\(expression.sql()))", lock: .accessExclusive,
                                  summary: "CHECK \(name.display)", in: .expand, validateIn: simple ? .expand : .dualWrite, context: &context)
        } else if let foreignKey {
            var columns: [Identifier] = []
            for column in foreignKey.columns { columns.append(try context.existingColumn(table, column, field: "foreign_key.columns")) }
            let target = try context.existingTable(foreignKey.referencesTable, field: "foreign_key.references_table")
            var targetColumns: [Identifier] = []
            for column in foreignKey.referencesColumns {
                targetColumns.append(try context.existingColumn(target, column, field: "foreign_key.references_columns"))
            }
            guard columns.count == targetColumns.count, !columns.isEmpty else {
                throw context.invalid("foreign_key", "columns and references_columns must have the same, non-zero length")
            }
            var definition: SQL = "FOREIGN KEY (\(SQL.joined(columns.map { "\($0)" }))) REFERENCES \(target) (\(SQL.joined(targetColumns.map { "\($0)" })))"
            if let action = try Patterns.referentialAction(foreignKey.onDelete, field: "foreign_key.on_delete", context: context) {
                definition = "\(definition) ON DELETE \(action)"
            }
            if let action = try Patterns.referentialAction(foreignKey.onUpdate, field: "foreign_key.on_update", context: context) {
                definition = "\(definition) ON UPDATE \(action)"
            }
            // NOT VALID takes SHARE ROW EXCLUSIVE on both tables, briefly; VALIDATE lets writes through.
            Patterns.addValidated(table, name, definition: definition, lock: .shareRowExclusive,
                                  summary: "FOREIGN KEY \(name.display)", in: .expand, validateIn: simple ? .expand : .dualWrite, context: &context)
        } else {
            let isPrimary = primaryKey != nil
            var columns: [Identifier] = []
            for column in (primaryKey ?? unique ?? []) {
                columns.append(try context.existingColumn(table, column, field: isPrimary ? "primary_key" : "unique"))
            }
            guard !columns.isEmpty else { throw context.invalid(isPrimary ? "primary_key" : "unique", "list at least one column") }
            if isPrimary {
                if context.catalog.table(table)?.primaryKey != nil {
                    throw .alreadyExists(index: context.operationIndex, operation: context.operationName,
                                         object: "a primary key on \(table.display)", line: context.line)
                }
                // A primary key needs NOT NULL columns; prove it first without a long lock.
                for column in columns where context.catalogColumn(table, column)?.nullable == true {
                    if simple {
                        context.add(.expand, StepDraft(
                            summary: "SET NOT NULL on \(column.display)", table: table,
                            statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) SET NOT NULL"], lock: .accessExclusive,
                            rollback: ["ALTER TABLE \(table) ALTER COLUMN \(column) DROP NOT NULL"]))
                    } else {
                        try Patterns.setNotNull(table, column, in: .expand, context: &context)
                    }
                }
            }
            try Patterns.addUnique(table, constraint: name, columns: columns, primaryKey: isPrimary, context: &context)
        }
    }
}
