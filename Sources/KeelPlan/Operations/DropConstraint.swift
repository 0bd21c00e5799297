import KeelCore

extension ChangeSpec.DropConstraint: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let name = try context.identifier(self.name, field: "name")
        guard let constraint = context.catalog.table(table)?.constraints.first(where: { $0.name == name }) else {
            throw .unknownConstraint(index: context.operationIndex, operation: context.operationName, table: table.display,
                                     constraint: name.display, line: context.line)
        }
        // Relaxing is catalog-only. Putting it back re-checks every row, so the rollback adds it
        // NOT VALID (when PostgreSQL allows) and validates under a weaker lock.
        let definition = TrustedSQL.serverRendered(constraint.definition)
        let rollback: [SQL] = switch constraint.kind {
        case .check, .foreignKey:
            ["ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition) NOT VALID", "ALTER TABLE \(table) VALIDATE CONSTRAINT \(name)"]
        default:
            ["ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition)"]
        }
        context.add(.expand, StepDraft(
            summary: "drop the constraint \(name.display) of \(table.display) (catalog only)", table: table,
            statements: ["ALTER TABLE \(table) DROP CONSTRAINT \(name)"], lock: .accessExclusive,
            rollback: constraint.validated ? rollback : Array(rollback.prefix(1))))
    }
}
