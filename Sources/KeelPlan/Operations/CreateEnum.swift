import KeelCore

extension ChangeSpec.CreateEnum: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let name = try context.qualifiedName(self.name, field: "name")
        guard !context.catalog.enums.contains(where: { $0.qualifiedName == name }) else {
            throw .alreadyExists(index: context.operationIndex, operation: context.operationName, object: "type \(name.display)", line: context.line)
        }
        guard !values.isEmpty, Set(values).count == values.count else { throw context.invalid("values", "list distinct values") }
        let labels = SQL.joined(values.map { "\(literal: $0)" })
        context.add(.expand, StepDraft(
            summary: "create the enum \(name.display)", table: nil,
            statements: ["CREATE TYPE \(name) AS ENUM (\(labels))"], lock: .none, rollback: ["DROP TYPE IF EXISTS \(name)"]))
    }
}
