import KeelCore

/// What the plan changes, as lineage targets: the columns (or relations) whose consumers a reviewer
/// must look at. Taken from the spec's operations (resolved through the steps' tables), the columns
/// the plan replaces and the columns its contract gate waits on.
enum ChangedColumns {
    /// `schema.table.column` or `schema.table`, without repeats, in plan order.
    static func targets(of plan: MigrationPlan) -> [String] {
        var targets: [String] = []
        func add(_ target: String) { if !targets.contains(target) { targets.append(target) } }
        for (index, operation) in plan.spec.operations.enumerated() {
            if let found = target(of: operation, table: table(of: index, in: plan)) { add(found) }
        }
        for replacement in plan.replacements ?? [] { add(replacement.table.display + "." + replacement.old.display) }
        for step in plan.steps { for target in step.gate?.noConsumersOf ?? [] { add(target) } }
        return targets
    }

    /// The table the plan resolved operation `index` to, if a step names it.
    static func table(of index: Int, in plan: MigrationPlan) -> QualifiedName? {
        plan.steps.first { $0.operation == index && $0.table != nil }?.table
    }

    /// The column or relation an operation changes in place, if any (new structure reaches no consumer yet).
    static func target(of operation: ChangeSpec.Operation, table resolved: QualifiedName?) -> String? {
        switch operation {
        case .alterColumn(let op): column(op.column, of: resolved?.display ?? op.table)
        case .dropColumn(let op): column(op.column, of: resolved?.display ?? op.table)
        case .renameColumn(let op): column(op.column, of: resolved?.display ?? op.table)
        case .dropTable(let op): resolved?.display ?? op.table
        case .renameTable(let op): resolved?.display ?? op.table
        default: nil
        }
    }

    /// `table.column`, the column written as the spec wrote it unless it needs no quotes.
    static func column(_ name: String, of table: String) -> String {
        let display = (try? Identifier(name).display) ?? name
        return table + "." + display
    }
}
