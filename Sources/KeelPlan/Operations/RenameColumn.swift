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
        // Until the contract, new code reads the new name through the new version's view.
        try context.changesShape(of: table, untilContract: true)
        context.replacedColumns.append(.init(table: table, old: column, new: newName))
        let gate = context.gate(table, columns: [column])
        context.add(.contract, StepDraft(
            summary: "rename \(column.display) to \(newName.display) in \(table.display) (catalog only; the new version's view follows)",
            table: table,
            statements: ["ALTER TABLE \(table) RENAME COLUMN \(column) TO \(newName)"],
            lock: .accessExclusive, rollback: nil, gate: gate))
    }
}
