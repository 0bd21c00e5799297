import KeelCore

extension ChangeSpec.AddEnumValue: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let name = try context.qualifiedName(self.enum, field: "enum")
        guard let type = context.catalog.enums.first(where: { $0.qualifiedName == name }) else {
            throw .unknownType(index: context.operationIndex, operation: context.operationName, name: name.display, line: context.line)
        }
        if before != nil, after != nil { throw context.invalid("before", "give before or after, not both") }
        for (anchor, field) in [(before, "before"), (after, "after")] {
            if let anchor, !type.labels.contains(anchor) { throw context.invalid(field, "'\(anchor)' is not a value of \(name.display)") }
        }
        var statement: SQL = "ALTER TYPE \(name) ADD VALUE IF NOT EXISTS \(literal: value)"
        if let before { statement = "\(statement) BEFORE \(literal: before)" }
        if let after { statement = "\(statement) AFTER \(literal: after)" }
        context.note(.info, "PostgreSQL cannot remove an enum value: adding \(value) to \(name.display) has no rollback")
        // Outside a transaction: a value added inside one cannot be used until it commits.
        context.add(.expand, StepDraft(
            summary: "add \(value) to \(name.display) (catalog only)", table: nil,
            statements: [statement], transactional: false, lock: .none, rollback: nil))
    }
}
