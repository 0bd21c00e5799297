import KeelCore

extension ChangeSpec.CreateIndex: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let name = try context.identifier(self.name, field: "name")
        let qualified = QualifiedName(schema: table.schema, name: name)
        let taken = context.catalog.tables.contains { $0.schema == table.schema && $0.indexes.contains { $0.name == name } }
            || context.catalog.table(qualified) != nil
        if taken {
            throw .alreadyExists(index: context.operationIndex, operation: context.operationName, object: "relation \(qualified.display)", line: context.line)
        }
        guard !columns.isEmpty else { throw context.invalid("columns", "list at least one column") }
        var keys: [SQL] = []
        for column in columns { keys.append("\(try context.existingColumn(table, column, field: "columns"))") }
        let method = try context.identifier(self.method ?? "btree", field: "method")
        guard ["btree", "hash", "gin", "gist", "brin", "spgist"].contains(method.name) else {
            throw context.invalid("method", "'\(method.name)' is not one of btree, hash, gin, gist, brin, spgist")
        }
        let predicate: SQL = try `where`.map { text throws(PlanError) in " WHERE \(try context.expression(text, field: "where").sql())" } ?? ""
        let unique: SQL = self.unique == true ? "UNIQUE " : ""
        if context.createdTables[table] != nil {
            context.add(.expand, StepDraft(
                summary: "create \(name.display) on the new table \(table.display)", table: table,
                statements: ["CREATE \(unique)INDEX \(name) ON \(table) USING \(method) (\(SQL.joined(keys)))\(predicate)"],
                lock: .share, rollback: ["DROP INDEX IF EXISTS \(qualified)"]))
            return
        }
        // CONCURRENTLY: SHARE UPDATE EXCLUSIVE lets reads and writes through; it cannot run in a transaction.
        context.add(.expand, StepDraft(
            summary: "build \(name.display) CONCURRENTLY: reads and writes continue", table: table,
            statements: ["CREATE \(unique)INDEX CONCURRENTLY \(name) ON \(table) USING \(method) (\(SQL.joined(keys)))\(predicate)"],
            transactional: false, lock: .shareUpdateExclusive, work: .indexBuild,
            rollback: ["DROP INDEX CONCURRENTLY IF EXISTS \(qualified)"]))
    }
}
