/// Computes the column lineage of every statement of a SQL script.
///
/// Each statement is parsed, bound against the metadata (plus every table and view the script
/// created before it) and walked: each target column gets its source columns marked DIRECT
/// (IDENTITY, TRANSFORMATION, AGGREGATION) or INDIRECT (JOIN, FILTER, GROUP_BY, SORT, WINDOW,
/// CONDITIONAL), and the statement gets its statement-level INDIRECT uses.
///
/// ```swift
/// let schema = SchemaMap(["public.s": ["a", "k"], "public.t": ["c"]])
/// let report = LineageAnalyzer(schema: schema).analyze("INSERT INTO t SELECT a FROM s WHERE k > 0")
/// report.statements[0].columns[0].sources   // public.s.a DIRECT IDENTITY
/// report.statements[0].indirect             // public.s.k FILTER
/// ```
public struct LineageAnalyzer: Sendable {
    let schema: any SchemaProvider
    let searchPath: [String]

    /// Creates an analyzer.
    /// - Parameters:
    ///   - schema: table metadata (``CatalogSchema``, ``SchemaMap``); unknown tables still get lineage
    ///     for the columns the SQL names.
    ///   - searchPath: schemas searched for unqualified names; the first is where new tables go.
    public init(schema: any SchemaProvider = SchemaMap([:]), searchPath: [String] = ["public"]) {
        self.schema = schema
        self.searchPath = searchPath
    }

    /// Parses and analyzes a script.
    /// - Parameter text: one or more SQL statements.
    /// - Returns: one ``StatementLineage`` per statement.
    public func analyze(_ text: String) -> LineageReport {
        analyze(Parser.parse(text))
    }

    /// Analyzes an already parsed script.
    /// - Parameter parsed: the parser's result.
    /// - Returns: one ``StatementLineage`` per statement, with the parse diagnostics of each.
    public func analyze(_ parsed: ParseResult) -> LineageReport {
        var state = ScriptState(base: schema, searchPath: searchPath)
        var statements: [StatementLineage] = []
        statements.reserveCapacity(parsed.statements.count)
        let parseDiagnostics = Self.distribute(parsed.diagnostics, over: parsed.statements)
        for (index, statement) in parsed.statements.enumerated() {
            var lineage = state.analyze(statement, index: index)
            let all = parseDiagnostics[index] + lineage.diagnostics
            lineage.diagnostics = all
            statements.append(lineage)
        }
        if statements.isEmpty, !parsed.diagnostics.isEmpty {
            statements.append(StatementLineage(index: 0, kind: "invalid", diagnostics: parsed.diagnostics.map(LineageDiagnostic.init)))
        }
        return LineageReport(statements: statements)
    }

    /// Each statement's parse diagnostics: those from its start up to the next statement's start.
    static func distribute(_ diagnostics: [Diagnostic], over statements: [Statement]) -> [[LineageDiagnostic]] {
        var result = Array(repeating: [LineageDiagnostic](), count: statements.count)
        guard !statements.isEmpty else { return result }
        // Both are in source order: walk them together.
        var owner = 0
        for diagnostic in diagnostics.sorted(by: { $0.range.start < $1.range.start }) {
            while owner + 1 < statements.count, statements[owner + 1].range.start <= diagnostic.range.start { owner += 1 }
            result[owner].append(LineageDiagnostic(diagnostic))
        }
        return result
    }
}

/// The state carried from one statement of a script to the next.
struct ScriptState {
    var schema: ScriptSchema
    let configuredPath: [String]
    var searchPath: [String]

    init(base: any SchemaProvider, searchPath: [String]) {
        self.schema = ScriptSchema(base: base)
        self.configuredPath = searchPath
        self.searchPath = searchPath
    }

    /// Where unqualified new tables go.
    var creationSchema: String? { searchPath.first ?? configuredPath.first }

    /// The identity a CREATE gives a table: its schema, else `pg_temp` for temporary ones, else the first schema of the path.
    func createdIdentity(_ name: ObjectName, temporary: Bool) -> TableIdentity {
        TableIdentity(schema: name.schema?.value ?? (temporary ? ScriptSchema.temporarySchema : creationSchema), name: name.name.value)
    }

    func display(_ identity: TableIdentity) -> String {
        LineageWalker.display(identity, defaultSchema: creationSchema)
    }

    static func isTemporary(_ persistence: String?) -> Bool {
        guard let persistence else { return false }
        return persistence.contains("TEMP")
    }

    mutating func analyze(_ statement: Statement, index: Int) -> StatementLineage {
        let binder = Binder(schema: schema, options: BinderOptions(searchPath: searchPath))
        let bound = binder.bind(statement)
        var walker = LineageWalker(schema: schema, searchPath: searchPath)
        if searchPath.isEmpty, let fallback = configuredPath.first { walker = LineageWalker(schema: schema, searchPath: [fallback]) }
        var result = StatementLineage(index: index, kind: Self.kind(of: statement))
        switch bound.statement.kind {
        case .query(let query):
            let lineage = walker.query(query, parent: nil, ctes: [:])
            result.columns = lineage.columns.map { ColumnLineage(name: $0.name, sources: $0.lineage.sources) }
            result.indirect = indirectSources(lineage.indirect)
            if case .select(let select) = query.body, let into = select.into {
                let identity = createdIdentity(into.table, temporary: Self.isTemporary(into.persistence))
                result.target = display(identity)
                schema.create(identity, columns: lineage.columns.map(\.name))
            }
        case .insert(let insert):
            insertLineage(insert, &walker, &result)
        case .update(let update):
            updateLineage(update, &walker, &result)
        case .delete(let delete):
            let ctes = delete.with.map { walker.withClause($0, parent: nil, ctes: [:]) } ?? [:]
            let (display, columns) = walker.resolveTable(delete.table.name)
            result.target = display
            let frame = LineageFrame(parent: nil)
            frame.entries.append(LineageEntry(alias: delete.alias?.value ?? delete.table.name.name.value, relation: .table(display, columns: columns)))
            var indirect: [SourceKey: IndirectMask] = [:]
            for item in delete.using { walker.fromItem(item, frame, ctes, &indirect) }
            if let condition = delete.where { walker.uses(condition, .filter, frame, ctes, into: &indirect) }
            result.indirect = indirectSources(indirect)
        case .merge(let merge):
            mergeLineage(merge, &walker, &result)
        case .createTableAs(let create):
            let lineage = walker.query(create.query, parent: nil, ctes: [:]).renamed(create.columns.map(\.value))
            let identity = createdIdentity(create.name, temporary: Self.isTemporary(create.persistence))
            result.target = display(identity)
            result.columns = lineage.columns.map { ColumnLineage(name: $0.name, sources: $0.lineage.sources) }
            result.indirect = indirectSources(lineage.indirect)
            schema.create(identity, columns: lineage.columns.map(\.name))
        case .createView(let view):
            let lineage = walker.query(view.query, parent: nil, ctes: [:]).renamed(view.columns.map(\.value))
            let identity = createdIdentity(view.name, temporary: view.temporary)
            result.target = display(identity)
            result.columns = lineage.columns.map { ColumnLineage(name: $0.name, sources: $0.lineage.sources) }
            result.indirect = indirectSources(lineage.indirect)
            schema.create(identity, columns: lineage.columns.map(\.name))
        case .createTable(let create):
            let identity = createdIdentity(create.name, temporary: Self.isTemporary(create.persistence))
            result.target = display(identity)
            schema.create(identity, columns: createdColumns(create))
        case .alterTable(let alter) where alter.objectKind == "TABLE" || alter.objectKind.hasSuffix("VIEW"):
            applyAlter(alter)
        case .drop(let drop) where drop.objectKind == "TABLE" || drop.objectKind.hasSuffix("VIEW"):
            for name in drop.names {
                if let found = schema.lookup(TableIdentity(name), searchPath: searchPath) {
                    schema.drop(found.identity)
                } else {
                    schema.drop(createdIdentity(name, temporary: false))
                }
            }
        case .set(let set) where set.parameter == "search_path":
            if set.isDefault || set.command.hasPrefix("RESET") {
                searchPath = configuredPath
            } else {
                searchPath = Self.schemas(set.values)
            }
        default:
            break
        }
        result.diagnostics = (bound.diagnostics + walker.diagnostics)
            .sorted { ($0.range.start, $0.code.rawValue) < ($1.range.start, $1.code.rawValue) }
            .map(LineageDiagnostic.init)
        return result
    }

    /// The schema names of a `SET search_path` value list (`"$user"` and `pg_catalog` are skipped).
    static func schemas(_ values: [String]) -> [String] {
        var result: [String] = []
        for value in values {
            for part in value.split(separator: ",") {
                var text = String(part).trimmed()
                if text.hasPrefix("'"), text.hasSuffix("'"), text.count >= 2 { text = String(text.dropFirst().dropLast()).trimmed() }
                if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                    text = String(text.dropFirst().dropLast())
                } else {
                    text = text.lowercased()
                }
                if text.isEmpty || text == "$user" || text == "pg_catalog" { continue }
                result.append(text)
            }
        }
        return result
    }

    /// The statement's kind as the JSON names it.
    static func kind(of statement: Statement) -> String {
        switch statement.kind {
        case .query(let query):
            if case .select(let select) = query.body, select.into != nil { return "select-into" }
            return "select"
        case .insert: return "insert"
        case .update: return "update"
        case .delete: return "delete"
        case .merge: return "merge"
        case .createTable: return "create-table"
        case .createTableAs: return "create-table-as"
        case .createView(let view): return view.materialized ? "create-materialized-view" : "create-view"
        case .invalid: return "invalid"
        default:
            return statement.kindName.lowercased().split(separator: " ").joined(separator: "-")
        }
    }

    // MARK: - DDL effects

    func createdColumns(_ create: CreateTable) -> [String] {
        var columns: [String] = []
        func append(_ names: [String]) {
            for name in names where !columns.contains(name) { columns.append(name) }
        }
        if let parent = create.partitionOf?.parent, let found = schema.lookup(TableIdentity(parent), searchPath: searchPath) {
            append(found.columns)
        }
        for parent in create.inherits {
            if let found = schema.lookup(TableIdentity(parent), searchPath: searchPath) { append(found.columns) }
        }
        for element in create.elements {
            switch element {
            case .column(let column): append([column.name.value])
            case .like(let source, _):
                if let found = schema.lookup(TableIdentity(source), searchPath: searchPath) { append(found.columns) }
            case .constraint: break
            }
        }
        return columns
    }

    mutating func applyAlter(_ alter: AlterTable) {
        guard let found = schema.lookup(TableIdentity(alter.name), searchPath: searchPath) else { return }
        var identity = found.identity
        var columns = found.columns
        for action in alter.actions {
            switch action {
            case .addColumn(let column, _):
                if !columns.contains(column.name.value) { columns.append(column.name.value) }
            case .dropColumn(let name, _, _):
                columns.removeAll { $0 == name.value }
            case .renameColumn(let old, let new):
                if let offset = columns.firstIndex(of: old.value) { columns[offset] = new.value }
            case .renameTable(let new):
                schema.drop(identity)
                identity = TableIdentity(schema: identity.schema, name: new.value)
            case .setSchema(let new):
                schema.drop(identity)
                identity = TableIdentity(schema: new.value, name: identity.name)
            default:
                break
            }
        }
        schema.create(identity, columns: columns)
    }

    // MARK: - DML targets

    /// Adds the sources of assignments to target columns, keeping first-assignment order.
    func assign(_ assignments: [Assignment], target: LineageRelation, _ walker: inout LineageWalker, _ frame: LineageFrame,
                _ ctes: [String: QueryLineage], into columns: inout [(name: String, lineage: LineageSet)]) {
        func add(_ name: String, _ lineage: LineageSet) {
            if let offset = columns.firstIndex(where: { $0.name == name }) {
                columns[offset].lineage.merge(lineage)
            } else {
                columns.append((name: name, lineage: lineage))
            }
        }
        for assignment in assignments {
            let targets = assignment.targets
            if targets.count == 1, let only = targets.first {
                var lineage = LineageSet()
                let use: Use = only.path.isEmpty ? .direct(.identity) : .direct(.transformation)
                walker.expression(assignment.value, use, frame, ctes, into: &lineage)
                if !only.path.isEmpty {
                    // `SET arr[1] = v` / `SET rec.f = v` keeps the rest of the old value.
                    if let old = target.column(only.column.value) { lineage.add(old, as: .direct(.transformation)) }
                    for accessor in only.path {
                        if case .index(let index) = accessor { walker.expression(index, .direct(.transformation), frame, ctes, into: &lineage) }
                    }
                }
                add(only.column.value, lineage)
                continue
            }
            var value = assignment.value
            while case .nested(let inner) = value.kind { value = inner }
            switch value.kind {
            case .row(let items, _) where items.count == targets.count:
                for (target, item) in zip(targets, items) {
                    var lineage = LineageSet()
                    walker.expression(item, .direct(.identity), frame, ctes, into: &lineage)
                    add(target.column.value, lineage)
                }
            case .subquery(let query):
                let lineage = walker.query(query, parent: frame, ctes: ctes)
                for (offset, target) in targets.enumerated() {
                    var set = offset < lineage.columns.count ? lineage.columns[offset].lineage : LineageSet()
                    set.addIndirect(lineage.indirect)
                    add(target.column.value, set)
                }
            default:
                var lineage = LineageSet()
                walker.expression(assignment.value, .direct(.transformation), frame, ctes, into: &lineage)
                for target in targets { add(target.column.value, lineage) }
            }
        }
    }

    /// Reports assigned columns the target does not have.
    func checkTargets(_ names: [String], known: [String]?, table: String, range: SourceRange, into diagnostics: inout [Diagnostic]) {
        guard let known else { return }
        for name in names where !known.contains(name) {
            diagnostics.append(Diagnostic(code: .targetMismatch, message: "column \(SQLPrinter.identifier(name)) of relation \(table) does not exist",
                                          range: range, sourceLine: ""))
        }
    }

    mutating func insertLineage(_ insert: Insert, _ walker: inout LineageWalker, _ result: inout StatementLineage) {
        let ctes = insert.with.map { walker.withClause($0, parent: nil, ctes: [:]) } ?? [:]
        let (display, tableColumns) = walker.resolveTable(insert.table.name)
        result.target = display
        let source = insert.source.map { walker.query($0, parent: nil, ctes: ctes) } ?? QueryLineage()
        var names: [String]
        if !insert.columns.isEmpty {
            names = insert.columns.map(\.value)
            checkTargets(names, known: tableColumns, table: display, range: insert.table.range, into: &walker.diagnostics)
        } else if let tableColumns {
            names = tableColumns
        } else {
            names = source.columns.map(\.name)
            if !names.isEmpty {
                walker.diagnostics.append(Diagnostic(
                    code: .unknownTargetColumns, severity: .warning,
                    message: "the columns of \(display) are unknown, so values are mapped by their own names",
                    range: insert.table.range, sourceLine: ""))
            }
        }
        if source.columns.count > names.count {
            walker.diagnostics.append(Diagnostic(
                code: .targetMismatch, message: "INSERT has more expressions (\(source.columns.count)) than target columns (\(names.count))",
                range: insert.table.range, sourceLine: ""))
        }
        var columns: [(name: String, lineage: LineageSet)] = []
        for (offset, column) in source.columns.enumerated() where offset < names.count {
            columns.append((name: names[offset], lineage: column.lineage))
        }
        var indirect = source.indirect
        if let conflict = insert.onConflict {
            let targetRelation = LineageRelation.table(display, columns: tableColumns)
            let proposed = (tableColumns ?? names).map { name in (name: name, lineage: columns.first { $0.name == name }?.lineage ?? LineageSet()) }
            let frame = LineageFrame(parent: nil)
            frame.entries = [
                LineageEntry(alias: insert.alias?.value ?? insert.table.name.name.value, relation: targetRelation),
                LineageEntry(alias: "excluded", relation: .derived(QueryLineage(columns: proposed))),
            ]
            if case .columns(let elements, let predicate) = conflict.target {
                for element in elements { walker.uses(element.expression, .conditional, frame, ctes, into: &indirect) }
                if let predicate { walker.uses(predicate, .conditional, frame, ctes, into: &indirect) }
            }
            if case .update(let assignments, let predicate) = conflict.action {
                checkTargets(assignments.flatMap { $0.targets.map(\.column.value) }, known: tableColumns, table: display,
                             range: insert.table.range, into: &walker.diagnostics)
                assign(assignments, target: targetRelation, &walker, frame, ctes, into: &columns)
                if let predicate { walker.uses(predicate, .filter, frame, ctes, into: &indirect) }
            }
        }
        result.columns = columns.map { ColumnLineage(name: $0.name, sources: $0.lineage.sources) }
        result.indirect = indirectSources(indirect)
    }

    mutating func updateLineage(_ update: Update, _ walker: inout LineageWalker, _ result: inout StatementLineage) {
        let ctes = update.with.map { walker.withClause($0, parent: nil, ctes: [:]) } ?? [:]
        let (display, tableColumns) = walker.resolveTable(update.table.name)
        result.target = display
        let targetRelation = LineageRelation.table(display, columns: tableColumns)
        let frame = LineageFrame(parent: nil)
        frame.entries.append(LineageEntry(alias: update.alias?.value ?? update.table.name.name.value, relation: targetRelation))
        var indirect: [SourceKey: IndirectMask] = [:]
        for item in update.from { walker.fromItem(item, frame, ctes, &indirect) }
        checkTargets(update.assignments.flatMap { $0.targets.map(\.column.value) }, known: tableColumns, table: display,
                     range: update.table.range, into: &walker.diagnostics)
        var columns: [(name: String, lineage: LineageSet)] = []
        assign(update.assignments, target: targetRelation, &walker, frame, ctes, into: &columns)
        if let condition = update.where { walker.uses(condition, .filter, frame, ctes, into: &indirect) }
        result.columns = columns.map { ColumnLineage(name: $0.name, sources: $0.lineage.sources) }
        result.indirect = indirectSources(indirect)
    }

    mutating func mergeLineage(_ merge: Merge, _ walker: inout LineageWalker, _ result: inout StatementLineage) {
        let ctes = merge.with.map { walker.withClause($0, parent: nil, ctes: [:]) } ?? [:]
        let (display, tableColumns) = walker.resolveTable(merge.target.name)
        result.target = display
        let targetRelation = LineageRelation.table(display, columns: tableColumns)
        var indirect: [SourceKey: IndirectMask] = [:]
        let sourceFrame = LineageFrame(parent: nil)
        walker.fromItem(merge.source, sourceFrame, ctes, &indirect)
        let frame = LineageFrame(parent: nil)
        frame.entries = [LineageEntry(alias: merge.alias?.value ?? merge.target.name.name.value, relation: targetRelation)] + sourceFrame.entries
        walker.uses(merge.on, .join, frame, ctes, into: &indirect)
        var columns: [(name: String, lineage: LineageSet)] = []
        for clause in merge.clauses {
            if let condition = clause.condition { walker.uses(condition, .conditional, frame, ctes, into: &indirect) }
            switch clause.action {
            case .update(let assignments):
                checkTargets(assignments.flatMap { $0.targets.map(\.column.value) }, known: tableColumns, table: display,
                             range: merge.target.range, into: &walker.diagnostics)
                assign(assignments, target: targetRelation, &walker, frame, ctes, into: &columns)
            case .insert(let names, let values):
                guard let values else { continue }
                let targets = names.isEmpty ? (tableColumns ?? []) : names.map(\.value)
                if !names.isEmpty {
                    checkTargets(targets, known: tableColumns, table: display, range: merge.target.range, into: &walker.diagnostics)
                }
                if values.count > targets.count {
                    walker.diagnostics.append(Diagnostic(
                        code: tableColumns == nil ? .unknownTargetColumns : .targetMismatch,
                        severity: tableColumns == nil ? .warning : .error,
                        message: tableColumns == nil
                            ? "the columns of \(display) are unknown, so MERGE … INSERT values without a column list cannot be mapped"
                            : "INSERT has more expressions (\(values.count)) than target columns (\(targets.count))",
                        range: merge.target.range, sourceLine: ""))
                }
                for (target, value) in zip(targets, values) {
                    var lineage = LineageSet()
                    walker.expression(value, .direct(.identity), sourceFrame, ctes, into: &lineage)
                    if let offset = columns.firstIndex(where: { $0.name == target }) {
                        columns[offset].lineage.merge(lineage)
                    } else {
                        columns.append((name: target, lineage: lineage))
                    }
                }
            case .delete, .doNothing:
                break
            }
        }
        result.columns = columns.map { ColumnLineage(name: $0.name, sources: $0.lineage.sources) }
        result.indirect = indirectSources(indirect)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmed() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
