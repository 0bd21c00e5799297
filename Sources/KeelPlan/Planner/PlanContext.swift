import KeelCore

/// What operations see while the planner walks the spec: the catalog, the options, what earlier
/// operations of the same spec created, and the steps collected so far, by phase.
struct PlanContext {
    let catalog: Catalog
    let index: CatalogIndex
    let options: PlannerOptions
    let lineage: LineageGraph?
    let operationLines: [Int]
    let changeName: String

    /// The operation being planned.
    var operationIndex = 0
    var operationName = ""
    /// Tables created earlier in this spec, with their columns.
    var createdTables: [QualifiedName: [String]] = [:]
    /// Columns added earlier in this spec.
    var addedColumns: [QualifiedName: [String]] = [:]
    var steps: [MigrationPlan.PhaseKind: [MigrationPlan.Step]] = [:]
    var notes: [MigrationPlan.Note] = []
    /// Columns the plan replaces (old → new), for consumer patches and the contract gate.
    var replacedColumns: [ReplacedColumn] = []
    /// Tables whose shape the spec changes, in the order first touched (``VersionedViews``).
    var shapeChanges: [ShapeChange] = []
    var probed = ProbedDefaults()

    struct ReplacedColumn: Equatable {
        var table: QualifiedName
        var old: Identifier
        var new: Identifier
        /// A trigger keeps both written (type changes); renames go through a view instead.
        var synced = false
    }

    init(catalog: Catalog, options: PlannerOptions, lineage: LineageGraph?, operationLines: [Int], changeName: String) {
        self.changeName = changeName
        self.catalog = catalog
        self.index = CatalogIndex(catalog)
        self.options = options
        self.lineage = lineage
        self.operationLines = operationLines
    }

    var line: Int? { operationIndex < operationLines.count ? operationLines[operationIndex] : nil }

    // MARK: Names

    func identifier(_ text: String, field: String) throws(PlanError) -> Identifier {
        guard let parts = SpecName.parts(text), parts.count == 1, let part = parts.first else {
            throw .invalidOperation(index: operationIndex, operation: operationName, field: field,
                                    reason: "'\(text)' is not a name", line: line)
        }
        do {
            return try Identifier(part)
        } catch {
            throw .invalidOperation(index: operationIndex, operation: operationName, field: field, reason: error.message, line: line)
        }
    }

    func qualifiedName(_ text: String, field: String) throws(PlanError) -> QualifiedName {
        guard let parts = SpecName.parts(text), (1...2).contains(parts.count), let last = parts.last else {
            throw .invalidOperation(index: operationIndex, operation: operationName, field: field,
                                    reason: "'\(text)' is not a name or schema.name", line: line)
        }
        do {
            return try QualifiedName(schema: parts.count == 2 ? parts[0] : options.defaultSchema, name: last)
        } catch {
            throw .invalidOperation(index: operationIndex, operation: operationName, field: field, reason: error.message, line: line)
        }
    }

    /// A table that exists, in the catalog or created earlier in the spec.
    func existingTable(_ text: String, field: String = "table") throws(PlanError) -> QualifiedName {
        let name = try qualifiedName(text, field: field)
        guard catalog.table(name) != nil || createdTables[name] != nil else {
            throw .unknownTable(index: operationIndex, operation: operationName, table: name.display, line: line)
        }
        return name
    }

    /// The table's columns, in order.
    func columns(of table: QualifiedName) -> [String] {
        (catalog.table(table)?.columns.map(\.name.name) ?? createdTables[table] ?? []) + (addedColumns[table] ?? [])
    }

    func existingColumn(_ table: QualifiedName, _ text: String, field: String = "column") throws(PlanError) -> Identifier {
        let column = try identifier(text, field: field)
        guard columns(of: table).contains(column.name) else {
            throw .unknownColumn(index: operationIndex, operation: operationName, table: table.display, column: column.display, line: line)
        }
        return column
    }

    func catalogColumn(_ table: QualifiedName, _ column: Identifier) -> Catalog.Column? {
        catalog.table(table)?.column(named: column.name)
    }

    // MARK: Expressions and types

    func expression(_ text: String, field: String) throws(PlanError) -> RowExpression {
        do {
            return try RowExpression(text)
        } catch {
            switch error {
            case .syntax(let reason):
                throw .invalidSQL(index: operationIndex, operation: operationName, field: field, reason: reason, line: line)
            case .notRowLocal(let what):
                throw .invalidOperation(index: operationIndex, operation: operationName, field: field,
                                        reason: "must be an expression over one row; \(what) is not allowed", line: line)
            }
        }
    }

    func type(_ text: String, field: String = "type") throws(PlanError) -> SpecType {
        guard let type = SpecType(text) else {
            throw .invalidSQL(index: operationIndex, operation: operationName, field: field, reason: "'\(text)' is not a type name", line: line)
        }
        return type
    }

    /// The volatility of a default expression, from pg_proc via the catalog.
    func volatility(of expression: RowExpression) -> Catalog.Volatility {
        ExpressionVolatility(expression.expression, catalog: index).volatility
    }

    func invalid(_ field: String, _ reason: String) -> PlanError {
        .invalidOperation(index: operationIndex, operation: operationName, field: field, reason: reason, line: line)
    }

    // MARK: Table facts

    /// Whether discovery saw the table empty (or small enough for the simple path), or it is new.
    func takesSimplePath(_ table: QualifiedName) -> Bool {
        if createdTables[table] != nil { return true }
        guard let stats = catalog.table(table)?.stats else { return false }
        if stats.rowEstimate == 0 { return true }
        return options.simplePathMaximumBytes > 0 && stats.rowEstimate != nil && stats.tableBytes <= options.simplePathMaximumBytes
    }

    /// The primary key column the backfill walks, when it is a single column.
    func backfillKey(_ table: QualifiedName) -> (Identifier, String)? {
        guard let catalogTable = catalog.table(table), let key = catalogTable.primaryKey, key.columns.count == 1,
              let column = key.columns.first, let type = catalogTable.column(named: column.name)?.type else { return nil }
        return (column, type)
    }

    // MARK: Collecting

    mutating func add(_ phase: MigrationPlan.PhaseKind, _ step: StepDraft) {
        let number = (steps[phase]?.count ?? 0) + 1
        steps[phase, default: []].append(step.finish(id: "\(Self.phasePrefix(phase)).\(number)", operation: operationIndex, context: self))
    }

    mutating func note(_ severity: MigrationPlan.Note.Severity, _ message: String) {
        notes.append(MigrationPlan.Note(severity: severity, operation: operationIndex, message: message))
    }

    static func phasePrefix(_ phase: MigrationPlan.PhaseKind) -> String {
        switch phase {
        case .expand: "expand"
        case .backfill: "backfill"
        case .dualWrite: "dual-write"
        case .migrateConsumers: "migrate-consumers"
        case .contract: "contract"
        }
    }
}
