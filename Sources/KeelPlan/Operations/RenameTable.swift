import KeelCore

extension ChangeSpec.RenameTable: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let newName = try context.identifier(to, field: "to")
        let renamed = QualifiedName(schema: table.schema, name: newName)
        guard context.catalog.table(renamed) == nil, !context.catalog.views.contains(where: { $0.qualifiedName == renamed }) else {
            throw .alreadyExists(index: context.operationIndex, operation: context.operationName, object: "relation \(renamed.display)", line: context.line)
        }
        // Until the contract, new code uses the new name through the new version's view.
        try context.changesShape(of: table, untilContract: true) { $0.renamedTo = newName }
        let gate = context.gate(table)
        context.add(.contract, StepDraft(
            summary: "rename \(table.display) to \(newName.display): no consumer uses the old name (the new version's view follows)",
            table: table,
            statements: ["ALTER TABLE \(table) RENAME TO \(newName)"],
            lock: .accessExclusive, rollback: nil, gate: gate))
    }
}
