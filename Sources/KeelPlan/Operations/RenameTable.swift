import KeelCore

extension ChangeSpec.RenameTable: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let newName = try context.identifier(to, field: "to")
        let renamed = QualifiedName(schema: table.schema, name: newName)
        guard context.catalog.table(renamed) == nil, !context.catalog.views.contains(where: { $0.qualifiedName == renamed }) else {
            throw .alreadyExists(index: context.operationIndex, operation: context.operationName, object: "relation \(renamed.display)", line: context.line)
        }
        let version = try context.versionSchema()
        let view = QualifiedName(schema: version, name: newName)
        try context.claimVersionedView(view)
        // A simple view is updatable: new code reads and writes the table under its new name now.
        context.add(.expand, StepDraft(
            summary: "publish \(table.display) as \(view.display): new code uses the new name through the versioned schema \(version.display)",
            table: table,
            statements: ["CREATE SCHEMA IF NOT EXISTS \(version)", "CREATE VIEW \(view) AS SELECT * FROM \(table)"],
            lock: .accessShare,
            rollback: ["DROP VIEW IF EXISTS \(view)", "DROP SCHEMA IF EXISTS \(version)"]))
        let gate = context.gate(table)
        context.add(.contract, StepDraft(
            summary: "rename \(table.display) to \(newName.display) and retire the versioned view: no consumer uses the old name",
            table: table,
            statements: ["DROP VIEW \(view)", "ALTER TABLE \(table) RENAME TO \(newName)", "DROP SCHEMA IF EXISTS \(version)"],
            lock: .accessExclusive, rollback: nil, gate: gate))
    }
}
