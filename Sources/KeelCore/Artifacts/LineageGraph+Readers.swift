extension LineageGraph {
    /// The consumers whose own SQL reads `table.column`, directly or in WHERE, JOIN, GROUP BY and
    /// the like: the ones a patch must touch, and the ones a contract step waits for.
    ///
    /// Shared by planning (which consumers to patch, what the contract gate lists) and rollout
    /// (whether the contract gate holds on a lineage graph rebuilt after the consumers moved).
    /// - Parameters:
    ///   - table: The table or view, matched by its ``QualifiedName/display`` name.
    ///   - column: The column's name, as the graph stores it.
    /// - Returns: The consumers in graph order; empty when the table or column is unknown.
    public func directReaders(of table: QualifiedName, column: String) -> [Consumer] {
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
    /// - Parameter table: The relation, matched by its ``QualifiedName/display`` name.
    /// - Returns: The consumers in graph order; empty when the table is unknown.
    public func readers(of table: QualifiedName) -> [Consumer] {
        guard let relation = relations.firstIndex(where: { $0.name == table.display }) else { return [] }
        return consumers.filter { $0.inputs.contains(relation) }
    }
}
