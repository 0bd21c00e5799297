import KeelCore

extension ChangeSpec.DropColumn: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let column = try context.existingColumn(table, self.column)
        if context.catalog.table(table)?.primaryKey?.columns.contains(column) == true {
            throw .unsupported(index: context.operationIndex, operation: context.operationName,
                               reason: "\(column.display) is part of the primary key of \(table.display)", line: context.line)
        }
        try context.changesShape(of: table, untilContract: true) { $0.dropped.append(column.name) }
        let gate = context.gate(table, columns: [column])
        if !gate.consumersAtPlanTime.isEmpty {
            context.note(.warning, "\(table.display).\(column.display) is still read by \(gate.consumersAtPlanTime.joined(separator: ", ")); change them before the contract")
        }
        let views = context.catalog.views.filter { view in
            view.dependencies.contains { $0.schema == table.schema && $0.table == table.name && $0.column == column }
        }.map(\.qualifiedName.display)
        if !views.isEmpty { context.note(.warning, "views read \(table.display).\(column.display): \(views.joined(separator: ", ")); DROP COLUMN fails until they change") }
        // Dropping is catalog-only (the space is reclaimed by later rewrites), but it is not reversible.
        context.add(.contract, StepDraft(
            summary: "drop \(column.display) from \(table.display): its data is gone for good", table: table,
            statements: ["ALTER TABLE \(table) DROP COLUMN \(column)"], lock: .accessExclusive, rollback: nil, gate: gate))
    }
}
