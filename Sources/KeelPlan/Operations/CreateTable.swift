import KeelCore

extension ChangeSpec.CreateTable: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.qualifiedName(self.table, field: "table")
        guard context.catalog.table(table) == nil, context.createdTables[table] == nil,
              !context.catalog.views.contains(where: { $0.qualifiedName == table }) else {
            throw .alreadyExists(index: context.operationIndex, operation: context.operationName, object: "table \(table.display)", line: context.line)
        }
        guard !columns.isEmpty else { throw context.invalid("columns", "a table needs at least one column") }
        var definitions: [SQL] = []
        var names: [String] = []
        var primaryKey: [Identifier] = []
        for (offset, column) in columns.enumerated() {
            let field = "columns[\(offset)]"
            let name = try context.identifier(column.name, field: field + ".name")
            guard !names.contains(name.name) else { throw context.invalid(field + ".name", "column \(name.display) appears twice") }
            names.append(name.name)
            var definition: SQL = "\(name) \(try context.type(column.type, field: field + ".type").sql)"
            if let value = column.default { definition = "\(definition) DEFAULT \(try context.expression(value, field: field + ".default").sql())" }
            if !column.allowsNull { definition = "\(definition) NOT NULL" }
            if column.unique == true { definition = "\(definition) UNIQUE" }
            if let check = column.check { definition = "\(definition) CHECK (\(try context.expression(check, field: field + ".check").sql()))" }
            if let reference = column.references {
                let target = try context.existingTable(reference.table, field: field + ".references.table")
                let targetColumn = try context.existingColumn(target, reference.column, field: field + ".references.column")
                definition = "\(definition) REFERENCES \(target) (\(targetColumn))"
                if let action = try Patterns.referentialAction(reference.onDelete, field: field + ".references.on_delete", context: context) {
                    definition = "\(definition) ON DELETE \(action)"
                }
            }
            if column.primaryKey == true { primaryKey.append(name) }
            definitions.append(definition)
        }
        if let keys = self.primaryKey {
            guard primaryKey.isEmpty else { throw context.invalid("primary_key", "give the key either on the columns or as primary_key, not both") }
            for key in keys {
                let identifier = try context.identifier(key, field: "primary_key")
                guard names.contains(identifier.name) else {
                    throw .unknownColumn(index: context.operationIndex, operation: context.operationName, table: table.display, column: identifier.display, line: context.line)
                }
                primaryKey.append(identifier)
            }
        }
        if !primaryKey.isEmpty { definitions.append("PRIMARY KEY (\(SQL.joined(primaryKey.map { "\($0)" })))") }
        var statements: [SQL] = ["CREATE TABLE \(table) (\(SQL.joined(definitions)))"]
        if let comment { statements.append("COMMENT ON TABLE \(table) IS \(literal: comment)") }
        context.add(.expand, StepDraft(
            summary: "create \(table.display): a new table blocks nothing", table: table, statements: statements,
            lock: .none, rollback: ["DROP TABLE IF EXISTS \(table)"]))
        context.createdTables[table] = names
    }
}
