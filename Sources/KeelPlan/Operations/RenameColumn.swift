import KeelCore

extension ChangeSpec.RenameColumn: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let column = try context.existingColumn(table, self.column)
        let newName = try context.identifier(to, field: "to")
        let columns = context.columns(of: table)
        guard !columns.contains(newName.name) else {
            throw .alreadyExists(index: context.operationIndex, operation: context.operationName,
                                 object: "column \(newName.display) of \(table.display)", line: context.line)
        }
        let version = try context.versionSchema()
        let view = QualifiedName(schema: version, name: table.name)
        try context.claimVersionedView(view)
        var items: [SQL] = []
        for name in columns {
            guard let identifier = try? Identifier(name) else { continue }
            items.append(identifier == column ? "\(identifier) AS \(newName)" : "\(identifier)")
        }
        context.add(.expand, StepDraft(
            summary: "publish \(table.display) with \(column.display) renamed to \(newName.display) as \(view.display) (updatable view)",
            table: table,
            statements: ["CREATE SCHEMA IF NOT EXISTS \(version)", "CREATE VIEW \(view) AS SELECT \(SQL.joined(items)) FROM \(table)"],
            lock: .accessShare,
            rollback: ["DROP VIEW IF EXISTS \(view)", "DROP SCHEMA IF EXISTS \(version)"]))
        context.replacedColumns.append(.init(table: table, old: column, new: newName))
        let gate = context.gate(table, columns: [column])
        context.add(.contract, StepDraft(
            summary: "rename \(column.display) to \(newName.display) in \(table.display) and retire the versioned view (catalog only)",
            table: table,
            statements: ["DROP VIEW \(view)", "ALTER TABLE \(table) RENAME COLUMN \(column) TO \(newName)", "DROP SCHEMA IF EXISTS \(version)"],
            lock: .accessExclusive, rollback: nil, gate: gate))
    }
}
