/// Resolves names in a query, sqlglot-style (`qualify_columns`): scopes and aliases, CTEs (also
/// recursive ones), correlated subqueries, `*` and `t.*` expansion from metadata, and
/// unqualified-column resolution with ambiguity detection.
///
/// ```swift
/// let schema = SchemaMap(["public.orders": ["id", "customer_id", "total"]])
/// let bound = Binder(schema: schema).bind(try query("SELECT * FROM orders o WHERE total > 10"))
/// SQLPrinter.print(bound.query)
/// // SELECT o.id AS id, o.customer_id AS customer_id, o.total AS total FROM orders AS o WHERE o.total > 10
/// ```
public struct Binder: Sendable {
    let schema: any SchemaProvider
    let options: BinderOptions

    /// Creates a binder.
    /// - Parameters:
    ///   - schema: table metadata.
    ///   - options: search path and projection naming.
    public init(schema: any SchemaProvider, options: BinderOptions = BinderOptions()) {
        self.schema = schema
        self.options = options
    }

    /// Binds a query.
    /// - Parameter query: a parsed query.
    /// - Returns: the qualified query, its scope tree and diagnostics.
    public func bind(_ query: Query) -> BoundQuery {
        var state = BindState(schema: schema, options: options)
        let (bound, scope) = state.bindQuery(query, parent: nil, ctes: [:], kind: .root)
        return BoundQuery(query: bound, scope: scope, diagnostics: state.diagnostics)
    }
}

/// A relation visible while resolving names in one SELECT.
struct FrameEntry {
    var alias: String
    var columns: [String]?
    /// Columns hidden from `*` because a `USING` / `NATURAL` join merged them into the left side.
    var hidden: Set<String> = []
    /// Columns a `USING` list proves exist, even when the relation's columns are unknown.
    var usingColumns: Set<String> = []

    func has(_ column: String) -> Bool { columns?.contains(column) == true || usingColumns.contains(column) }
    var bound: BoundSource
}

/// One SELECT's name-resolution frame; `parent` is the enclosing query (for correlated references).
final class Frame {
    let parent: Frame?
    var entries: [FrameEntry] = []
    var outputAliases: [String] = []
    /// Columns merged by `USING` / `NATURAL` joins: the column and the aliases it comes from, left to right.
    var merged: [String: [String]] = [:]
    /// The join kinds that merged each column, one per join after the first relation.
    var mergeKinds: [String: [Join.Kind]] = [:]
    /// The columns each USING / NATURAL join merged, in join order.
    var mergeGroups: [[String]] = []
    /// Merged columns whose value needs `coalesce` in later join conditions (after a FULL or RIGHT join).
    var coalescedInConditions: Set<String> = []
    /// Whether a `*` could not be expanded (a relation's columns are unknown).
    var hasUnexpandedStar = false

    /// `coalesce(a.col, b.col, …)`: the value of a merged join column.
    func mergedExpression(_ column: String, range: SourceRange, postgres: Bool = false) -> SQLExpression? {
        guard let aliases = merged[column], aliases.count > 1 else { return nil }
        let name = Name(column, quoted: SQLPrinter.needsQuotes(column))
        if postgres, let kinds = mergeKinds[column], kinds.count == aliases.count - 1, !kinds.contains(.full) {
            // PostgreSQL: the merged column is the left input's, or the right input's after a RIGHT JOIN.
            var current = aliases[0]
            for (offset, kind) in kinds.enumerated() where kind == .right { current = aliases[offset + 1] }
            return SQLExpression(.column(ColumnRef([Name(current, quoted: SQLPrinter.needsQuotes(current)), name])), range: range)
        }
        let arguments = aliases.map { alias in
            FunctionArgument(value: SQLExpression(.column(ColumnRef([Name(alias, quoted: SQLPrinter.needsQuotes(alias)), name])), range: range))
        }
        let call = FunctionCall(name: ObjectName([Name("coalesce")]), arguments: arguments)
        return SQLExpression(.function(call), range: range)
    }

    init(parent: Frame?) {
        self.parent = parent
    }

    func entry(_ alias: String) -> FrameEntry? { entries.first { $0.alias == alias } }
}

/// A CTE visible by name.
struct CTEInfo {
    var columns: [String]
    var scope: BoundScope
}

struct BindState {
    let schema: any SchemaProvider
    let options: BinderOptions
    var diagnostics: [Diagnostic] = []
    var depth = 0
    var generatedAliases = 0
    let stackGuard = StackGuard(budget: 320 * 1024)
    var reportedDepth = false

    init(schema: any SchemaProvider, options: BinderOptions) {
        self.schema = schema
        self.options = options
    }

    /// Whether the binder may descend one more level.
    mutating func enter(_ range: SourceRange) -> Bool {
        if depth >= 400 || !stackGuard.hasRoom {
            if !reportedDepth {
                reportedDepth = true
                report(.nestingTooDeep, "nesting is too deep to bind; names below this point are left as written", range)
            }
            return false
        }
        depth += 1
        return true
    }

    mutating func leave() { depth -= 1 }

    mutating func report(_ code: Diagnostic.Code, _ message: String, _ range: SourceRange, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(code: code, severity: severity, message: message, range: range, sourceLine: ""))
    }

    // MARK: - Queries

    mutating func bindQuery(_ query: Query, parent: Frame?, ctes: [String: CTEInfo], kind: BoundScope.Kind) -> (Query, BoundScope) {
        guard enter(query.range) else { return (query, BoundScope(kind: kind)) }
        defer { leave() }
        var result = query
        var ctes = ctes
        if let with = query.with {
            let (newWith, environment) = bindWith(with, parent: parent, ctes: ctes)
            result.with = newWith
            ctes = environment
        }
        let (body, scope, frame) = bindBody(query.body, parent: parent, ctes: ctes, kind: kind)
        result.body = body
        if !query.orderBy.isEmpty {
            if let frame {
                result.orderBy = query.orderBy.map { item in
                    var item = item
                    if options.projectionNaming == .sqlglot, let position = Self.position(item.expression),
                       position <= frame.outputAliases.count {
                        let alias = frame.outputAliases[position - 1]
                        item.expression = SQLExpression(.column(ColumnRef([Name(alias, quoted: SQLPrinter.needsQuotes(alias))])), range: item.expression.range)
                        return item
                    }
                    // PostgreSQL: a bare name in ORDER BY may be an output column; inside an
                    // expression, names are input columns.
                    let bare: Bool
                    if case .column(let reference) = item.expression.kind, reference.parts.count == 1 { bare = true } else { bare = false }
                    item.expression = rewrite(item.expression, frame, ctes, preferOutputAliases: bare)
                    return item
                }
            }
        }
        return (result, scope)
    }

    /// Binds a WITH clause; returns it and the CTEs visible after it.
    mutating func bindWith(_ with: WithClause, parent: Frame?, ctes: [String: CTEInfo]) -> (WithClause, [String: CTEInfo]) {
        var ctes = ctes
        var newWith = with
        for (offset, cte) in with.ctes.enumerated() {
            guard case .query(let inner) = cte.statement.kind else {
                // A data-modifying CTE: its columns are its RETURNING list.
                let bound = bindStatement(cte.statement.kind, ctes: ctes)
                var columns = returningColumns(bound)
                if !cte.columns.isEmpty { columns = rename(columns, with: cte.columns) }
                ctes[cte.name.value] = CTEInfo(columns: columns, scope: BoundScope(kind: .cte, outputColumns: columns))
                newWith.ctes[offset].statement = Statement(bound, range: cte.statement.range)
                continue
            }
            var environment = ctes
            if with.recursive {
                let provisional = cte.columns.isEmpty ? provisionalColumns(inner, parent: parent, ctes: ctes) : cte.columns.map(\.value)
                environment[cte.name.value] = CTEInfo(columns: provisional, scope: BoundScope(kind: .cte, outputColumns: provisional))
            }
            let (boundInner, innerScope) = bindQuery(inner, parent: parent, ctes: environment, kind: .cte)
            var scope = innerScope
            if !cte.columns.isEmpty {
                scope.outputColumns = rename(scope.outputColumns, with: cte.columns)
                scope.isComplete = true   // an explicit column list names every column
            }
            ctes[cte.name.value] = CTEInfo(columns: scope.outputColumns, scope: scope)
            var finalInner = boundInner
            if options.projectionNaming == .sqlglot, !cte.columns.isEmpty,
               !with.recursive || !Self.references(inner, cte.name.value),
               let renamed = Self.renamingProjections(boundInner, to: cte.columns) {
                finalInner = renamed
                // sqlglot keeps a RECURSIVE clause's column lists.
                if !with.recursive { newWith.ctes[offset].columns = [] }
            }
            newWith.ctes[offset].statement = Statement(.query(finalInner), range: cte.statement.range)
        }
        return (newWith, ctes)
    }

    /// Whether a query's text mentions `name` as a FROM relation (a recursive CTE referring to itself).
    static func references(_ query: Query, _ name: String) -> Bool {
        func inFrom(_ item: FromItem) -> Bool {
            switch item {
            case .table(let table): return table.table.name.parts.count == 1 && table.table.name.name.value == name
            case .join(let join): return inFrom(join.left) || inFrom(join.right)
            case .nested(let inner, _, _): return inFrom(inner)
            case .subquery(let subquery): return references(subquery.query, name)
            default: return false
            }
        }
        func inBody(_ body: QueryBody) -> Bool {
            switch body {
            case .select(let select): return select.from.contains(where: inFrom)
            case .setOperation(let operation): return inBody(operation.left) || inBody(operation.right)
            case .nested(let inner): return references(inner, name)
            case .table(let table): return table.name.parts.count == 1 && table.name.name.value == name
            case .values: return false
            }
        }
        return inBody(query.body)
    }

    /// The output columns of a recursive CTE's non-recursive arm.
    mutating func provisionalColumns(_ query: Query, parent: Frame?, ctes: [String: CTEInfo]) -> [String] {
        var body = query.body
        while case .setOperation(let operation) = body { body = operation.left }
        let saved = diagnostics.count
        let (_, scope, _) = bindBody(body, parent: parent, ctes: ctes, kind: .cte)
        diagnostics.removeSubrange(saved...)
        return scope.outputColumns
    }

    /// The query with its SELECT's projections renamed (sqlglot pushes column lists into the query).
    static func renamingProjections(_ query: Query, to names: [Name]) -> Query? {
        guard case .select(var select) = query.body, select.items.count >= names.count else { return nil }
        for (offset, name) in names.enumerated() { select.items[offset].alias = name }
        var renamed = query
        renamed.body = .select(select)
        return renamed
    }

    func rename(_ columns: [String], with names: [Name]) -> [String] {
        var renamed = columns
        for (offset, name) in names.enumerated() {
            if offset < renamed.count { renamed[offset] = name.value } else { renamed.append(name.value) }
        }
        return renamed
    }

    mutating func bindBody(_ body: QueryBody, parent: Frame?, ctes: [String: CTEInfo], kind: BoundScope.Kind) -> (QueryBody, BoundScope, Frame?) {
        switch body {
        case .select(let select):
            let (bound, scope, frame) = bindSelect(select, parent: parent, ctes: ctes, kind: kind)
            return (.select(bound), scope, frame)
        case .setOperation:
            // Walk the left spine iteratively: long UNION chains must not overflow the stack.
            var spine: [SetOperation] = []
            var leftmost = body
            while case .setOperation(let operation) = leftmost {
                spine.append(operation)
                leftmost = operation.left
            }
            var (result, resultScope, _) = bindBody(leftmost, parent: parent, ctes: ctes, kind: .union)
            for operation in spine.reversed() {
                let (right, rightScope, _) = bindBody(operation.right, parent: parent, ctes: ctes, kind: .union)
                var bound = operation
                bound.left = result
                bound.right = right
                result = .setOperation(bound)
                var scope = BoundScope(
                    kind: .union,
                    sources: [BoundSource(alias: "", kind: .derived(resultScope)), BoundSource(alias: "", kind: .derived(rightScope))],
                    outputColumns: resultScope.outputColumns)
                scope.isComplete = resultScope.isComplete
                resultScope = scope
            }
            if kind == .root || kind == .cte || kind == .derivedTable || kind == .subquery { resultScope.kind = kind }
            return (result, resultScope, nil)
        case .values(let values):
            let frame = Frame(parent: parent)
            var bound = values
            bound.rows = values.rows.map { row in row.map { rewrite($0, frame, ctes) } }
            let width = values.rows.first?.count ?? 0
            let columns = (0..<width).map { options.projectionNaming == .postgres ? "column\($0 + 1)" : "_col_\($0)" }
            return (.values(bound), BoundScope(kind: kind, outputColumns: columns), nil)
        case .nested(let query):
            let (bound, scope) = bindQuery(query, parent: parent, ctes: ctes, kind: kind)
            return (.nested(bound), scope, nil)
        case .table(let table):
            let frame = Frame(parent: parent)
            let entry = tableEntry(table.name, alias: nil, aliasColumns: [], ctes: ctes, range: table.range)
            frame.entries.append(entry)
            return (body, BoundScope(kind: kind, sources: [entry.bound], outputColumns: entry.columns ?? []), frame)
        }
    }

    // MARK: - SELECT

    mutating func bindSelect(_ select: Select, parent: Frame?, ctes: [String: CTEInfo], kind: BoundScope.Kind) -> (Select, BoundScope, Frame) {
        let frame = Frame(parent: parent)
        var bound = select
        bound.from = select.from.map { bindFromItem($0, frame, ctes) }
        var items: [SelectItem] = []
        for item in select.items {
            if case .star(let star) = item.expression.kind {
                items.append(contentsOf: expand(star, item: item, frame, ctes))
                continue
            }
            let expression = rewrite(item.expression, frame, ctes)
            let alias = item.alias ?? projectionName(item.expression, index: items.count)
            items.append(SelectItem(expression: expression, alias: alias, range: item.range))
        }
        bound.items = items
        frame.outputAliases = items.map { $0.alias?.value ?? "?column?" }
        if case .distinctOn(let expressions) = select.distinct {
            bound.distinct = .distinctOn(expressions.map { expression in
                if options.projectionNaming == .sqlglot, let position = Self.position(expression), position <= items.count,
                   let alias = items[position - 1].alias {
                    return SQLExpression(.column(ColumnRef([alias])), range: expression.range)
                }
                return rewrite(expression, frame, ctes, preferOutputAliases: true)
            })
        }
        bound.where = select.where.map { rewrite($0, frame, ctes) }
        if var groupBy = select.groupBy {
            groupBy.elements = groupBy.elements.map { rewrite($0, frame, ctes) }
            bound.groupBy = groupBy
        }
        bound.having = select.having.map { rewrite($0, frame, ctes) }
        bound.windows = select.windows.map { window in
            var window = window
            window.spec = rewrite(window.spec, frame, ctes)
            return window
        }
        bound.qualify = select.qualify.map { rewrite($0, frame, ctes) }
        if options.projectionNaming == .sqlglot, var groupBy = bound.groupBy {
            // sqlglot spells positional GROUP BY references out.
            groupBy.elements = groupBy.elements.map { element in
                if case .expression(let expression) = element, case .column(let reference) = expression.kind, reference.parts.count == 1,
                   let position = items.firstIndex(where: { $0.alias?.value == reference.column.value }) {
                    // An output column named in GROUP BY (PostgreSQL allows it when no input column has the name).
                    switch items[position].expression.kind {
                    case .literal, .typedLiteral, .parameter:
                        return .expression(SQLExpression(.literal(.number(String(position + 1))), range: expression.range))
                    case .function(let call) where call.over == nil && LineageWalker.aggregates.contains(call.name.name.value):
                        return element
                    default: return .expression(items[position].expression)
                    }
                }
                if case .expression(let expression) = element, let position = Self.position(expression), position <= items.count {
                    switch items[position - 1].expression.kind {
                    case .literal, .typedLiteral, .parameter: return element
                    default: return .expression(items[position - 1].expression)
                    }
                }
                return element
            }
            bound.groupBy = groupBy
        }
        var scope = BoundScope(kind: kind, sources: frame.entries.map(\.bound), outputColumns: frame.outputAliases)
        scope.isComplete = !frame.hasUnexpandedStar
        return (bound, scope, frame)
    }

    /// The 1-based position an integer literal names in GROUP BY / ORDER BY.
    static func position(_ expression: SQLExpression) -> Int? {
        if case .literal(.number(let text)) = expression.kind, let value = Int(text), value > 0 { return value }
        return nil
    }

    mutating func rewrite(_ element: GroupingElement, _ frame: Frame, _ ctes: [String: CTEInfo]) -> GroupingElement {
        switch element {
        case .expression(let expression): .expression(rewrite(expression, frame, ctes))
        case .empty: .empty
        case .rollup(let expressions): .rollup(expressions.map { rewrite($0, frame, ctes) })
        case .cube(let expressions): .cube(expressions.map { rewrite($0, frame, ctes) })
        case .groupingSets(let elements): .groupingSets(elements.map { rewrite($0, frame, ctes) })
        }
    }

    /// The name PostgreSQL (or sqlglot) gives an unaliased projection.
    func projectionName(_ expression: SQLExpression, index: Int) -> Name? {
        if case .access(_, let path) = expression.kind, case .allFields = path.last { return nil }
        if let name = naturalName(expression) { return name }
        switch options.projectionNaming {
        case .sqlglot:
            if case .literal(.number(let text)) = expression.kind { return Name(text, quoted: true) }
            return Name("_col_\(index)")
        case .postgres:
            return Name("?column?", quoted: true)
        }
    }

    /// The column, field or function name an expression carries (`nil`: the caller names it).
    func naturalName(_ expression: SQLExpression) -> Name? {
        if options.projectionNaming == .postgres { return Self.postgresName(expression)?.name }
        // sqlglot names only columns, fields and what they are wrapped in.
        switch expression.kind {
        case .column(let column): return column.column
        case .cast(let cast): return naturalName(cast.value)
        case .access(_, let path):
            for accessor in path.reversed() {
                if case .field(let name) = accessor { return name }
                if case .path(let name) = accessor { return name }
            }
            return nil
        case .nested(let inner): return naturalName(inner)
        default: return nil
        }
    }

    /// The name PostgreSQL gives an unaliased output column, with its strength, as `FigureColname` in
    /// parse_target.c computes it: 2 for a real name (a column, a field, a function, `row`, `array`, …),
    /// 1 for a fallback that a stronger inner name overrides (a cast's type, `case`); `nil` for `?column?`.
    static func postgresName(_ expression: SQLExpression) -> (name: Name, strength: Int)? {
        switch expression.kind {
        case .column(let column): return (column.column, 2)
        case .star(let star):
            // `t.*::text` is named after the relation.
            return star.qualifier.last.map { ($0, 2) }
        case .access(let base, let path):
            for accessor in path.reversed() {
                if case .field(let name) = accessor { return (name, 2) }
                if case .path(let name) = accessor { return (name, 2) }
            }
            return postgresName(base)
        case .nested(let inner), .collate(let inner, _):
            return postgresName(inner)
        case .cast(let cast):
            if let inner = postgresName(cast.value), inner.strength >= 2 { return inner }
            return (Name(postgresTypeName(cast.type)), 1)
        case .typedLiteral(let type, _):
            return (Name(postgresTypeName(type)), 1)
        case .function(let call):
            return (Name(postgresFunctionName(call)), 2)
        case .atTimeZone: return (Name("timezone"), 2)
        case .extract: return (Name("extract"), 2)
        case .valueFunction(let name, _): return (Name(name.lowercased()), 2)
        case .caseWhen(let caseWhen):
            if let result = caseWhen.elseResult, let inner = postgresName(result), inner.strength >= 2 { return inner }
            return (Name("case"), 1)
        case .array: return (Name("array"), 2)
        case .row: return (Name("row"), 2)
        case .exists: return (Name("exists"), 2)
        case .subquery(let query):
            guard case .select(let select) = query.body, select.items.count == 1 else { return nil }
            return (select.items[0].alias ?? postgresName(select.items[0].expression)?.name ?? Name("?column?", quoted: true), 2)
        default: return nil
        }
    }

    /// The function name PostgreSQL's grammar gives SQL-standard syntax: `trim(…)` is `btrim`, `ltrim`
    /// or `rtrim`; other calls keep their last name part.
    static func postgresFunctionName(_ call: FunctionCall) -> String {
        let name = call.name.name
        guard call.name.parts.count == 1, !name.quoted, name.value == "trim" else { return name.value }
        let keyword = call.arguments.first?.keyword ?? ""
        if keyword.hasPrefix("LEADING") { return "ltrim" }
        if keyword.hasPrefix("TRAILING") { return "rtrim" }
        return "btrim"
    }

    /// The last name of a type as PostgreSQL's grammar spells it: `int` is `int4`, `boolean` is `bool`,
    /// `double precision` is `float8`, `character varying` is `varchar`, `timestamp with time zone` is
    /// `timestamptz`, … (the name PostgreSQL gives a cast's output column).
    static func postgresTypeName(_ type: TypeName) -> String {
        let name = type.name.name
        guard type.name.parts.count == 1, !name.quoted else { return name.value }
        switch name.value {
        case "int", "integer": return "int4"
        case "smallint": return "int2"
        case "bigint": return "int8"
        case "real": return "float4"
        case "float":
            if case .literal(.number(let text)) = type.modifiers.first?.kind, let precision = Int(text), precision <= 24 { return "float4" }
            return "float8"
        case "double precision": return "float8"
        case "decimal", "dec", "numeric": return "numeric"
        case "boolean": return "bool"
        case "char", "character", "national character", "nchar": return "bpchar"
        case "character varying", "char varying", "national character varying", "varchar": return "varchar"
        case "bit varying": return "varbit"
        case "time with time zone": return "timetz"
        case "time without time zone": return "time"
        case "timestamp with time zone": return "timestamptz"
        case "timestamp without time zone": return "timestamp"
        default: return name.value
        }
    }

    /// `*` / `t.*` to one projection per column, honoring BigQuery `EXCEPT` and `REPLACE`.
    mutating func expand(_ star: Star, item: SelectItem, _ frame: Frame, _ ctes: [String: CTEInfo]) -> [SelectItem] {
        var entries: [FrameEntry]
        if star.qualifier.isEmpty {
            entries = frame.entries
        } else if let last = star.qualifier.last, let entry = frame.entry(last.value) {
            entries = [entry]
        } else if let last = star.qualifier.last,
                  let entry = frame.entries.first(where: { if case .table(let identity, _) = $0.bound.kind { identity.name == last.value } else { false } }) {
            entries = [entry]
        } else {
            report(.unknownAlias, "\(star.qualifier.map(\.sql).joined(separator: ".")) does not name a relation in FROM", item.range)
            return [item]
        }
        if options.projectionNaming == .sqlglot {
            // sqlglot keeps a star it cannot expand completely or unambiguously.
            let unknown = entries.contains { $0.columns == nil }
            let duplicated = entries.contains { entry in
                guard let columns = entry.columns, case .table = entry.bound.kind else { return Set(entry.columns ?? []).count != (entry.columns ?? []).count }
                return Set(columns).count != columns.count
            }
            if (unknown && star.qualifier.isEmpty) || duplicated {
                frame.hasUnexpandedStar = true
                return [item]
            }
        }
        let excluded = Set(star.except.map(\.value))
        var replacements: [String: SelectItem] = [:]
        for replacement in star.replace {
            if let alias = replacement.alias {
                replacements[alias.value] = SelectItem(expression: rewrite(replacement.expression, frame, ctes), alias: alias, range: replacement.range)
            }
        }
        var items: [SelectItem] = []
        // PostgreSQL lists a join's USING / NATURAL columns first, the last join's first.
        var listedFirst = Set<String>()
        if options.projectionNaming == .postgres, star.qualifier.isEmpty {
            for group in frame.mergeGroups.reversed() {
                for column in group where !excluded.contains(column) && listedFirst.insert(column).inserted {
                    let columnName = Name(column, quoted: SQLPrinter.needsQuotes(column))
                    if let replacement = replacements[column] {
                        items.append(replacement)
                    } else if let merged = frame.mergedExpression(column, range: item.range, postgres: true) {
                        items.append(SelectItem(expression: merged, alias: columnName, range: item.range))
                    }
                }
            }
        }
        for entry in entries {
            guard let columns = entry.columns else {
                frame.hasUnexpandedStar = true
                report(.unknownTable, "the columns of \(entry.alias) are unknown, so * cannot be expanded", item.range, severity: .warning)
                let qualifier = [Name(entry.alias, quoted: SQLPrinter.needsQuotes(entry.alias))]
                items.append(SelectItem(expression: SQLExpression(.star(Star(qualifier: qualifier)), range: item.range), range: item.range))
                continue
            }
            let hidden = star.qualifier.isEmpty ? entry.hidden : []
            for column in columns where !hidden.contains(column) && !excluded.contains(column) {
                if let replacement = replacements[column] {
                    items.append(replacement)
                    continue
                }
                if listedFirst.contains(column), frame.merged[column]?.contains(entry.alias) == true { continue }
                let columnName = Name(column, quoted: SQLPrinter.needsQuotes(column))
                let mergesHere = frame.merged[column]?.first == entry.alias
                if mergesHere, star.qualifier.isEmpty || options.projectionNaming == .sqlglot,
                   let merged = frame.mergedExpression(column, range: item.range, postgres: options.projectionNaming == .postgres) {
                    items.append(SelectItem(expression: merged, alias: columnName, range: item.range))
                    continue
                }
                let reference = ColumnRef([Name(entry.alias, quoted: SQLPrinter.needsQuotes(entry.alias)), columnName])
                items.append(SelectItem(expression: SQLExpression(.column(reference), range: item.range), alias: columnName, range: item.range))
            }
        }
        return items
    }

    // MARK: - FROM

    mutating func tableEntry(_ name: ObjectName, alias: TableAlias?, aliasColumns: [Name], ctes: [String: CTEInfo], range: SourceRange) -> FrameEntry {
        let aliasName = alias?.name.value ?? name.name.value
        if name.parts.count == 1, let cte = ctes[name.name.value] {
            let columns = aliasColumns.isEmpty ? cte.columns : rename(cte.columns, with: aliasColumns)
            // A CTE that kept a `*` over a relation of unknown columns is open, like such a derived table.
            let known = cte.scope.isComplete || !aliasColumns.isEmpty
            return FrameEntry(alias: aliasName, columns: known ? columns : nil,
                              bound: BoundSource(alias: aliasName, kind: .cte(name: name.name.value, cte.scope)))
        }
        let identity = TableIdentity(name)
        if let found = schema.lookup(identity, searchPath: options.searchPath) {
            let columns = aliasColumns.isEmpty ? found.columns : rename(found.columns, with: aliasColumns)
            return FrameEntry(alias: aliasName, columns: columns, bound: BoundSource(alias: aliasName, kind: .table(found.identity, columns: columns)))
        }
        let resolved = identity.schema == nil ? TableIdentity(catalog: nil, schema: options.defaultSchema, name: identity.name) : identity
        let columns: [String]? = aliasColumns.isEmpty ? nil : aliasColumns.map(\.value)
        return FrameEntry(alias: aliasName, columns: columns, bound: BoundSource(alias: aliasName, kind: .table(resolved, columns: columns)))
    }

    mutating func bindFromItem(_ item: FromItem, _ frame: Frame, _ ctes: [String: CTEInfo]) -> FromItem {
        switch item {
        case .table(let table):
            let entry = tableEntry(table.table.name, alias: table.alias, aliasColumns: table.alias?.columns ?? [], ctes: ctes, range: table.range)
            frame.entries.append(entry)
            var bound = table
            if bound.alias == nil {
                bound.alias = TableAlias(name: Name(entry.alias, quoted: table.table.name.name.quoted))
            }
            return .table(bound)
        case .subquery(let subquery):
            let (query, scope) = bindQuery(subquery.query, parent: subquery.lateral ? frame : frame.parent, ctes: ctes, kind: .derivedTable)
            var bound = subquery
            bound.query = query
            if bound.alias == nil, options.projectionNaming == .sqlglot {
                bound.alias = TableAlias(name: Name("_\(generatedAliases)"))
                generatedAliases += 1
            }
            if options.projectionNaming == .sqlglot, case .values = query.body, bound.alias?.columns.isEmpty == true {
                bound.alias?.columns = scope.outputColumns.map { Name($0) }
            }
            let aliasName = bound.alias?.name.value ?? ""
            var outputScope = scope
            if let columns = bound.alias?.columns, !columns.isEmpty {
                outputScope.outputColumns = rename(scope.outputColumns, with: columns)
                if options.projectionNaming == .sqlglot, let renamed = Self.renamingProjections(query, to: columns) {
                    bound.query = renamed
                    bound.alias?.columns = []
                }
            }
            let known = outputScope.isComplete || !(bound.alias?.columns.isEmpty ?? true)
            frame.entries.append(FrameEntry(alias: aliasName, columns: known ? outputScope.outputColumns : nil,
                                            bound: BoundSource(alias: aliasName, kind: .derived(outputScope))))
            return .subquery(bound)
        case .function(let function):
            var bound = function
            // Functions in FROM may refer to earlier FROM items (they are implicitly LATERAL).
            bound.functions = function.functions.map { rewrite($0, frame, ctes) }
            let functionName: String
            if case .function(let call) = function.functions.first?.kind { functionName = call.name.name.value } else { functionName = "function" }
            let aliasName = function.alias.map { $0.name.value.isEmpty ? functionName : $0.name.value } ?? functionName
            var columns = Self.functionColumns(function, functionName: functionName, aliasName: aliasName)
            if columns == nil, options.projectionNaming == .sqlglot { columns = [aliasName] }
            if function.withOrdinality, columns != nil, (function.alias?.columns.count ?? 0) < 2 { columns?.append("ordinality") }
            frame.entries.append(FrameEntry(alias: aliasName, columns: columns,
                                            bound: BoundSource(alias: aliasName, kind: .function(name: functionName, columns: columns ?? []))))
            return .function(bound)
        case .join:
            // Walk the left spine iteratively: long join chains must not overflow the stack.
            var spine: [Join] = []
            var leftmost = item
            while case .join(let join) = leftmost {
                spine.append(join)
                leftmost = join.left
            }
            var result = bindFromItem(leftmost, frame, ctes)
            for join in spine.reversed() {
                result = .join(bindJoin(join, left: result, frame, ctes))
            }
            return result
        case .nested(let inner, let alias, let range):
            guard enter(range) else { return item }
            defer { leave() }
            guard let alias else { return .nested(bindFromItem(inner, frame, ctes), alias: nil, range: range) }
            let innerFrame = Frame(parent: frame.parent)
            let boundInner = bindFromItem(inner, innerFrame, ctes)
            var columns = innerFrame.entries.flatMap { entry in (entry.columns ?? []).filter { !entry.hidden.contains($0) } }
            if !alias.columns.isEmpty { columns = rename(columns, with: alias.columns) }
            let scope = BoundScope(kind: .derivedTable, sources: innerFrame.entries.map(\.bound), outputColumns: columns)
            frame.entries.append(FrameEntry(alias: alias.name.value, columns: columns, bound: BoundSource(alias: alias.name.value, kind: .derived(scope))))
            return .nested(boundInner, alias: alias, range: range)
        case .template(let text, let alias, _):
            let aliasName = alias?.name.value ?? text
            frame.entries.append(FrameEntry(alias: aliasName, columns: nil,
                                            bound: BoundSource(alias: aliasName, kind: .table(TableIdentity(schema: nil, name: text), columns: nil))))
            return item
        }
    }

    /// Binds one join whose left side is already bound.
    mutating func bindJoin(_ join: Join, left: FromItem, _ frame: Frame, _ ctes: [String: CTEInfo]) -> Join {
        var bound = join
        bound.left = left
        let leftCount = frame.entries.count
        bound.right = bindFromItem(join.right, frame, ctes)
        switch join.condition {
        case .on(let condition):
            bound.condition = .on(rewrite(condition, frame, ctes))
        case .using(let columns, _):
            let names = Set(columns.map(\.value))
            for offset in frame.entries.indices where frame.entries[offset].columns == nil {
                frame.entries[offset].usingColumns.formUnion(names)
            }
            hide(names, from: leftCount, in: frame, force: true)
            if let condition = merge(columns.map(\.value), kind: join.kind, leftCount: leftCount, frame: frame, range: join.range),
               options.projectionNaming == .sqlglot {
                bound.condition = .on(condition)
            }
        case .natural:
            let leftColumns = frame.entries[..<leftCount].flatMap { $0.columns ?? [] }
            let rightColumns = Set(frame.entries[leftCount...].flatMap { $0.columns ?? [] })
            var seen = Set<String>()
            let common = leftColumns.filter { rightColumns.contains($0) && seen.insert($0).inserted }
            hide(Set(common), from: leftCount, in: frame)
            if let condition = merge(common, kind: join.kind, leftCount: leftCount, frame: frame, range: join.range),
               options.projectionNaming == .sqlglot {
                bound.condition = .on(condition)
                if bound.kind == .cross { bound.kind = .inner }
            }
        case .none:
            break
        }
        return bound
    }
    /// Set-returning functions whose single output column takes the alias's name.
    static let scalarSetFunctions: Set<String> = [
        "unnest", "generate_series", "generate_subscripts", "regexp_split_to_table", "string_to_table",
        "json_object_keys", "jsonb_object_keys", "regexp_matches", "jsonb_path_query", "pg_ls_dir",
    ]

    /// Record-returning functions whose output columns are fixed.
    static let recordSetFunctions: [String: [String]] = [
        "json_each": ["key", "value"], "jsonb_each": ["key", "value"], "json_each_text": ["key", "value"],
        "jsonb_each_text": ["key", "value"], "json_array_elements": ["value"], "jsonb_array_elements": ["value"],
        "json_array_elements_text": ["value"], "jsonb_array_elements_text": ["value"],
        "pg_options_to_table": ["option_name", "option_value"],
    ]

    /// The output columns of a function in FROM: from the alias's column list or definitions, else from
    /// what PostgreSQL's well-known set-returning functions return; `nil` when unknown.
    static func functionColumns(_ function: FunctionFrom, functionName: String, aliasName: String) -> [String]? {
        let known: [String]?
        if function.functions.count == 1 {
            known = recordSetFunctions[functionName] ?? (scalarSetFunctions.contains(functionName) ? [aliasName] : nil)
        } else {
            known = nil
        }
        if let alias = function.alias, !alias.columns.isEmpty {
            var columns = alias.columns.map(\.value)
            if let known, known.count > columns.count { columns += known[columns.count...] }
            return columns
        }
        if let alias = function.alias, !alias.columnDefinitions.isEmpty { return alias.columnDefinitions.map(\.name.value) }
        return known
    }

    /// Records the columns a `USING` / `NATURAL` join merges, and returns the equivalent ON condition.
    func merge(_ columns: [String], kind: Join.Kind, leftCount: Int, frame: Frame, range: SourceRange) -> SQLExpression? {
        var conjuncts: [SQLExpression] = []
        for column in columns {
            let left = frame.merged[column]
                ?? frame.entries[..<leftCount].first { $0.has(column) || $0.columns == nil }.map { [$0.alias] }
            let right = frame.entries[leftCount...].first { $0.has(column) || $0.columns == nil }?.alias
            guard let left, let right else { continue }
            frame.merged[column] = left + [right]
            frame.mergeKinds[column] = (left.count > 1 ? frame.mergeKinds[column] ?? [] : []) + [kind]
            let name = Name(column, quoted: SQLPrinter.needsQuotes(column))
            let leftValue: SQLExpression
            let needsCoalesce = frame.coalescedInConditions.contains(column)
            if kind == .full || kind == .right { frame.coalescedInConditions.insert(column) }
            if left.count == 1 || !needsCoalesce, let only = left.first {
                leftValue = SQLExpression(.column(ColumnRef([Name(only, quoted: SQLPrinter.needsQuotes(only)), name])), range: range)
            } else {
                let saved = frame.merged[column]
                frame.merged[column] = left
                leftValue = frame.mergedExpression(column, range: range) ?? SQLExpression(.column(ColumnRef([name])), range: range)
                frame.merged[column] = saved
            }
            let rightValue = SQLExpression(.column(ColumnRef([Name(right, quoted: SQLPrinter.needsQuotes(right)), name])), range: range)
            conjuncts.append(SQLExpression(.binary(op: "=", left: leftValue, right: rightValue), range: range))
        }
        let group = columns.filter { frame.merged[$0] != nil }
        if !group.isEmpty { frame.mergeGroups.append(group) }
        guard var condition = conjuncts.first else { return nil }
        for next in conjuncts.dropFirst() {
            condition = SQLExpression(.binary(op: "AND", left: condition, right: next), range: range)
        }
        return condition
    }

    /// Marks `columns` of the entries from `start` on as merged into the left side of a join.
    func hide(_ columns: Set<String>, from start: Int, in frame: Frame, force: Bool = false) {
        guard start < frame.entries.count else { return }
        for offset in start..<frame.entries.count {
            let own = Set(frame.entries[offset].columns ?? []).union(frame.entries[offset].usingColumns)
            frame.entries[offset].hidden.formUnion(force && frame.entries[offset].columns == nil ? columns : columns.intersection(own))
        }
    }
}
