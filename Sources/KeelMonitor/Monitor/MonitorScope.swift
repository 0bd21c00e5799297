public import KeelCore

/// What a plan touched, as `keel monitor` watches it: the tables its steps change, the columns it
/// adds, alters or renames (each under its old and its new name), and the names its SQL mentions.
public struct MonitorScope: Sendable, Equatable {
    /// A changed column: `invoices.amount → amount_decimal` for a replaced one, else old == new.
    public struct Column: Sendable, Equatable {
        public var table: QualifiedName
        public var old: Identifier
        public var new: Identifier

        public init(table: QualifiedName, old: Identifier, new: Identifier) {
            self.table = table
            self.old = old
            self.new = new
        }

        /// `amount → amount_decimal`, or `amount`.
        public var label: String { old == new ? old.display : "\(old.display) → \(new.display)" }
    }

    public var tables: [QualifiedName]
    public var columns: [Column]
    /// Columns the plan drops (including the old side of a replacement): their indexes go with them.
    public var droppedColumns: [QualifiedName: Set<String>]
    /// Every word of the plan's SQL, lowercased: an index the plan names was dropped on purpose.
    var planWords: Set<String>

    public init(tables: [QualifiedName], columns: [Column], droppedColumns: [QualifiedName: Set<String>] = [:],
                planWords: Set<String> = []) {
        self.tables = Array(Set(tables)).sorted()
        self.columns = columns
        self.droppedColumns = droppedColumns
        self.planWords = planWords
    }

    /// The scope of `plan`: the tables of its steps; replaced columns (old → new), added,
    /// altered and renamed columns of its spec.
    public init(plan: MigrationPlan) {
        let tables = plan.steps.compactMap(\.table) + (plan.replacements ?? []).map(\.table)
        var columns: [Column] = (plan.replacements ?? []).map { Column(table: $0.table, old: $0.old, new: $0.new) }
        var dropped: [QualifiedName: Set<String>] = [:]
        for replacement in plan.replacements ?? [] { dropped[replacement.table, default: []].insert(replacement.old.name) }
        func add(_ table: String, _ old: String, _ new: String) {
            guard let name = Self.resolve(table, among: tables), let old = try? Identifier(old), let new = try? Identifier(new) else { return }
            // A replaced column is already there under its new name.
            guard !columns.contains(where: { $0.table == name && $0.old == old }) else { return }
            columns.append(Column(table: name, old: old, new: new))
        }
        for operation in plan.spec.operations {
            switch operation {
            case .addColumn(let op): add(op.table, op.column.name, op.column.name)
            case .alterColumn(let op): add(op.table, op.column, op.column)
            case .renameColumn(let op): add(op.table, op.column, op.to)
            case .dropColumn(let op):
                if let name = Self.resolve(op.table, among: tables) { dropped[name, default: []].insert(op.column) }
            default: break
            }
        }
        var words: Set<String> = []
        for step in plan.steps {
            for statement in step.statements + (step.rollback ?? []) {
                words.formUnion(StatementMatch.words(statement.text))
            }
        }
        self.init(tables: tables, columns: columns, droppedColumns: dropped, planWords: words)
    }

    /// A spec's table (`invoices` or `billing.invoices`) as one of the plan's tables, else in `public`.
    static func resolve(_ text: String, among tables: [QualifiedName]) -> QualifiedName? {
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 { return try? QualifiedName(schema: parts[0], name: parts[1]) }
        return tables.first { $0.name.name == text } ?? (try? QualifiedName(schema: "public", name: text))
    }

    /// Whether the plan's own SQL names `object` (an index it drops or renames on purpose).
    func planNames(_ object: String) -> Bool { planWords.contains(object.lowercased()) }
}
