import KeelCore

extension LineageGraph {
    /// The consumers whose own SQL reads `table.column` (directly or in WHERE, JOIN, …): the ones a
    /// patch must touch, and the ones the contract waits for.
    func directReaders(of table: QualifiedName, column: String) -> [Consumer] {
        guard let relation = relations.firstIndex(where: { $0.name == table.display && ($0.kind == .table || $0.kind == .view) }),
              let position = relations[relation].columns.firstIndex(of: column) else { return [] }
        let id = columnOffsets[relation] + position
        return consumers.filter { consumer in
            consumer.reads.contains { $0.source == id }
                || consumer.statements.contains { statement in
                    statement.columns.contains { $0.source == id } || statement.indirect.contains { $0.source == id }
                }
        }
    }

    /// The consumers that read `table` at all.
    func readers(of table: QualifiedName) -> [Consumer] {
        guard let relation = relations.firstIndex(where: { $0.name == table.display }) else { return [] }
        return consumers.filter { $0.inputs.contains(relation) }
    }
}

extension PlanContext {
    /// The contract gate for dropping `columns` of `table`: no consumer may read them.
    func gate(_ table: QualifiedName, columns: [Identifier]) -> MigrationPlan.Gate {
        let readers = columns.flatMap { column in lineage?.directReaders(of: table, column: column.name) ?? [] }
        return MigrationPlan.Gate(
            noConsumersOf: columns.map { "\(table.display).\($0.display)" },
            consumersAtPlanTime: Array(Set(readers.map(\.id))).sorted())
    }

    /// The contract gate for dropping or renaming a whole table.
    func gate(_ table: QualifiedName) -> MigrationPlan.Gate {
        MigrationPlan.Gate(noConsumersOf: [table.display], consumersAtPlanTime: (lineage?.readers(of: table) ?? []).map(\.id).sorted())
    }
}
