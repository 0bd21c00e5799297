import KeelCore

extension ChangeSpec.DropTable: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let gate = context.gate(table)
        if !gate.consumersAtPlanTime.isEmpty {
            context.note(.warning, "\(table.display) is still read by \(gate.consumersAtPlanTime.joined(separator: ", ")); the drop waits until none is left")
        }
        let views = context.catalog.views.filter { $0.relationDependencies.contains(table) }.map(\.qualifiedName.display)
        if !views.isEmpty { context.note(.warning, "views depend on \(table.display): \(views.joined(separator: ", ")); drop or change them first") }
        context.add(.contract, StepDraft(
            summary: "drop \(table.display): its data is gone for good", table: table,
            statements: ["DROP TABLE \(table)"], lock: .accessExclusive, rollback: nil, gate: gate))
    }
}
