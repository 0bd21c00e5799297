import Foundation
import KeelCore

extension ChangeSpec.DropIndex: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let name = try context.qualifiedName(self.name, field: "name")
        guard let table = context.catalog.tables.first(where: { $0.schema == name.schema && $0.indexes.contains { $0.name == name.name } }),
              let index = table.indexes.first(where: { $0.name == name.name }) else {
            throw .unknownIndex(index: context.operationIndex, operation: context.operationName, name: name.display, line: context.line)
        }
        if let constraint = index.constraint {
            throw context.invalid("name", "\(name.display) backs the constraint \(constraint.display); use drop_constraint")
        }
        // Recreating it is the rollback; the server's own definition, built CONCURRENTLY.
        let definition = index.definition.replacingOccurrences(of: "CREATE INDEX ", with: "CREATE INDEX CONCURRENTLY ")
            .replacingOccurrences(of: "CREATE UNIQUE INDEX ", with: "CREATE UNIQUE INDEX CONCURRENTLY ")
        context.add(.contract, StepDraft(
            summary: "drop \(name.display) CONCURRENTLY: queries that used it fall back to other plans", table: table.qualifiedName,
            statements: ["DROP INDEX CONCURRENTLY \(name)"], transactional: false, lock: .shareUpdateExclusive,
            rollback: [TrustedSQL.serverRendered(definition)]))
    }
}
