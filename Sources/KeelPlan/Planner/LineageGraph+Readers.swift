import KeelCore

// The readers themselves are public in KeelCore (LineageGraph+Readers.swift), shared with rollout.
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
