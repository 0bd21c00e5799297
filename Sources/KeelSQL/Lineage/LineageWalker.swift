/// A relation visible to the lineage walker in one SELECT.
enum LineageRelation {
    /// A base table or view, by its displayed name; `columns` is `nil` when the metadata does not know it.
    case table(String, columns: [String]?)
    /// A CTE, a derived table or a nested join with an alias.
    case derived(QueryLineage)
    /// A set-returning function: every column but the ordinality one carries the arguments' sources.
    case function(columns: [String]?, lineage: LineageSet, ordinality: String?)

    /// The sources of one column, or `nil` when the relation has no such column.
    func column(_ name: String) -> LineageSet? {
        switch self {
        case .table(let table, let columns):
            if let columns, !columns.contains(name) { return nil }
            return .identity(table, name)
        case .derived(let query):
            return query.column(name)
        case .function(let columns, let lineage, let ordinality):
            if let columns, !columns.contains(name) { return nil }
            return name == ordinality ? LineageSet() : lineage
        }
    }

    /// The known column names, in order.
    var columnNames: [String]? {
        switch self {
        case .table(_, let columns): columns
        case .derived(let query): query.columns.map(\.name)
        case .function(let columns, _, _): columns
        }
    }

    /// Every column's sources together (a whole-row reference).
    var wholeRow: LineageSet {
        switch self {
        case .table(let table, let columns):
            var set = LineageSet()
            for column in columns ?? ["*"] { set.addDirect(SourceKey(table: table, column: column), .identity) }
            return set
        case .derived(let query):
            var set = LineageSet()
            for column in query.columns { set.merge(column.lineage) }
            return set
        case .function(_, let lineage, _):
            return lineage
        }
    }
}

/// One relation in a lineage frame.
struct LineageEntry {
    var alias: String
    var relation: LineageRelation
}

/// The lineage walker's view of one SELECT: its relations, outputs and named windows.
final class LineageFrame {
    let parent: LineageFrame?
    var entries: [LineageEntry] = []
    var outputs: [(name: String, lineage: LineageSet)] = []
    var windows: [String: WindowSpec] = [:]

    init(parent: LineageFrame?) {
        self.parent = parent
    }

    func entry(_ alias: String) -> LineageEntry? {
        var index = entries.count - 1
        while index >= 0 {
            if entries[index].alias == alias { return entries[index] }
            index -= 1
        }
        return nil
    }
}

/// Walks a *bound* statement (every column qualified by its relation's alias) and computes the
/// sources of every output column plus the statement-level INDIRECT uses.
struct LineageWalker {
    let schema: any SchemaProvider
    let searchPath: [String]
    var diagnostics: [Diagnostic] = []
    var depth = 0
    let stackGuard = StackGuard(budget: 320 * 1024)
    var reportedDepth = false

    init(schema: any SchemaProvider, searchPath: [String]) {
        self.schema = schema
        self.searchPath = searchPath
    }

    /// Whether the walker may descend one more level; reports once when it may not.
    mutating func enter(_ range: SourceRange) -> Bool {
        if depth >= 400 || !stackGuard.hasRoom {
            if !reportedDepth {
                reportedDepth = true
                diagnostics.append(Diagnostic(code: .nestingTooDeep, severity: .warning,
                                              message: "nesting is too deep for lineage; sources below this point are left out",
                                              range: range, sourceLine: ""))
            }
            return false
        }
        depth += 1
        return true
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Tables

    /// The displayed, schema-qualified name of a table as written, through the metadata and search path.
    func resolveTable(_ name: ObjectName) -> (display: String, columns: [String]?) {
        let identity = TableIdentity(name)
        if let found = schema.lookup(identity, searchPath: searchPath) {
            return (Self.display(found.identity, defaultSchema: searchPath.first), found.columns)
        }
        return (Self.display(identity, defaultSchema: searchPath.first), nil)
    }

    /// `schema.name`, each part quoted only where SQL needs it; unqualified names take `defaultSchema`.
    static func display(_ identity: TableIdentity, defaultSchema: String?) -> String {
        let name = SQLPrinter.identifier(identity.name)
        guard let schema = identity.schema ?? defaultSchema else { return name }
        return SQLPrinter.identifier(schema) + "." + name
    }

    // MARK: - Queries

    mutating func query(_ query: Query, parent: LineageFrame?, ctes: [String: QueryLineage]) -> QueryLineage {
        guard enter(query.range) else { return QueryLineage() }
        defer { leave() }
        var environment = ctes
        if let with = query.with { environment = withClause(with, parent: parent, ctes: ctes) }
        var (result, frame) = body(query.body, parent: parent, ctes: environment)
        for item in query.orderBy {
            result.indirect.merge(ordering(item.expression, frame: frame, outputs: result.columns, ctes: environment, mask: .sort)) { $0.union($1) }
        }
        return result
    }

    /// The CTEs visible after a WITH clause, with their lineage.
    mutating func withClause(_ with: WithClause, parent: LineageFrame?, ctes: [String: QueryLineage]) -> [String: QueryLineage] {
        var environment = ctes
        for cte in with.ctes {
            let names = cte.columns.map(\.value)
            guard case .query(let inner) = cte.statement.kind else {
                // A data-modifying CTE: its columns are its RETURNING list.
                let returning = returningLineage(cte.statement.kind, ctes: environment)
                environment[cte.name.value] = returning.renamed(names)
                diagnostics.append(Diagnostic(
                    code: .nestedWrite, severity: .warning,
                    message: "the write inside CTE \(cte.name.sql) is not part of this statement's lineage",
                    range: cte.range, sourceLine: ""))
                continue
            }
            if with.recursive, BindState.references(inner, cte.name.value) {
                // Start from the non-recursive arm, then iterate to a fixed point (a few rounds suffice).
                var leftmost = inner.body
                while case .setOperation(let operation) = leftmost { leftmost = operation.left }
                var current = body(leftmost, parent: parent, ctes: environment).0.renamed(names)
                for _ in 0..<4 {
                    var attempt = environment
                    attempt[cte.name.value] = current
                    let next = query(inner, parent: parent, ctes: attempt).renamed(names)
                    if next == current { break }
                    current = next
                }
                environment[cte.name.value] = current
            } else {
                environment[cte.name.value] = query(inner, parent: parent, ctes: environment).renamed(names)
            }
        }
        return environment
    }

    mutating func body(_ body: QueryBody, parent: LineageFrame?, ctes: [String: QueryLineage]) -> (QueryLineage, LineageFrame?) {
        switch body {
        case .select(let select):
            let (lineage, frame) = self.select(select, parent: parent, ctes: ctes)
            return (lineage, frame)
        case .setOperation:
            var spine: [SetOperation] = []
            var leftmost = body
            while case .setOperation(let operation) = leftmost {
                spine.append(operation)
                leftmost = operation.left
            }
            var (result, _) = self.body(leftmost, parent: parent, ctes: ctes)
            for operation in spine.reversed() {
                let (right, _) = self.body(operation.right, parent: parent, ctes: ctes)
                result.indirect.merge(right.indirect) { $0.union($1) }
                if operation.op == .except {
                    // EXCEPT's right side only removes rows.
                    for column in right.columns { result.indirect.merge(column.lineage.allAsIndirect(.filter)) { $0.union($1) } }
                    continue
                }
                for (offset, column) in right.columns.enumerated() where offset < result.columns.count {
                    result.columns[offset].lineage.merge(column.lineage)
                }
            }
            return (result, nil)
        case .values(let values):
            let frame = LineageFrame(parent: parent)
            let width = values.rows.first?.count ?? 0
            var columns = (0..<width).map { (name: "column\($0 + 1)", lineage: LineageSet()) }
            for row in values.rows {
                for (offset, value) in row.enumerated() where offset < width {
                    expression(value, .direct(.identity), frame, ctes, into: &columns[offset].lineage)
                }
            }
            return (QueryLineage(columns: columns), nil)
        case .nested(let inner):
            return (query(inner, parent: parent, ctes: ctes), nil)
        case .table(let table):
            let frame = LineageFrame(parent: parent)
            let relation = tableRelation(table.name, aliasColumns: [], ctes: ctes)
            frame.entries.append(LineageEntry(alias: table.name.name.value, relation: relation))
            let names = relation.columnNames ?? ["*"]
            let columns = names.map { (name: $0, lineage: relation.column($0) ?? LineageSet()) }
            return (QueryLineage(columns: columns, indirect: relationIndirect(relation)), frame)
        }
    }

    /// The statement-level uses a CTE or derived table brings along.
    func relationIndirect(_ relation: LineageRelation) -> [SourceKey: IndirectMask] {
        if case .derived(let query) = relation { return query.indirect }
        return [:]
    }

    mutating func select(_ select: Select, parent: LineageFrame?, ctes: [String: QueryLineage]) -> (QueryLineage, LineageFrame) {
        let frame = LineageFrame(parent: parent)
        var indirect: [SourceKey: IndirectMask] = [:]
        for item in select.from { fromItem(item, frame, ctes, &indirect) }
        for window in select.windows { frame.windows[window.name.value] = window.spec }
        var columns: [(name: String, lineage: LineageSet)] = []
        columns.reserveCapacity(select.items.count)
        for item in select.items {
            if case .star(let star) = item.expression.kind {
                // A `*` the binder could not expand: the relation's columns are unknown.
                var lineage = LineageSet()
                if let qualifier = star.qualifier.last, let entry = resolveAlias(qualifier.value, frame) {
                    lineage = entry.relation.wholeRow
                }
                columns.append((name: "*", lineage: lineage))
                continue
            }
            var lineage = LineageSet()
            expression(item.expression, .direct(.identity), frame, ctes, into: &lineage)
            columns.append((name: item.alias?.value ?? "?column?", lineage: lineage))
        }
        frame.outputs = columns
        if let condition = select.where { uses(condition, .filter, frame, ctes, into: &indirect) }
        if let condition = select.having { uses(condition, .filter, frame, ctes, into: &indirect) }
        if let condition = select.qualify { uses(condition, .filter, frame, ctes, into: &indirect) }
        if let groupBy = select.groupBy {
            if groupBy.all {
                for column in columns where column.lineage.direct.values.allSatisfy({ $0 != .aggregation }) {
                    indirect.merge(column.lineage.allAsIndirect(.groupBy)) { $0.union($1) }
                }
            }
            for element in groupBy.elements { grouping(element, frame, columns, ctes, &indirect) }
        }
        if case .distinctOn(let expressions) = select.distinct {
            for expression in expressions {
                indirect.merge(ordering(expression, frame: frame, outputs: columns, ctes: ctes, mask: .groupBy)) { $0.union($1) }
            }
        }
        return (QueryLineage(columns: columns, indirect: indirect), frame)
    }

    mutating func grouping(_ element: GroupingElement, _ frame: LineageFrame, _ outputs: [(name: String, lineage: LineageSet)],
                           _ ctes: [String: QueryLineage], _ indirect: inout [SourceKey: IndirectMask]) {
        switch element {
        case .expression(let expression):
            indirect.merge(ordering(expression, frame: frame, outputs: outputs, ctes: ctes, mask: .groupBy)) { $0.union($1) }
        case .empty:
            break
        case .rollup(let expressions), .cube(let expressions):
            for expression in expressions {
                indirect.merge(ordering(expression, frame: frame, outputs: outputs, ctes: ctes, mask: .groupBy)) { $0.union($1) }
            }
        case .groupingSets(let elements):
            for inner in elements { grouping(inner, frame, outputs, ctes, &indirect) }
        }
    }

    /// The uses of a GROUP BY / ORDER BY / DISTINCT ON item: a position or a bare output name stands for
    /// that output column; anything else is an expression over the input.
    mutating func ordering(_ expression: SQLExpression, frame: LineageFrame?, outputs: [(name: String, lineage: LineageSet)],
                           ctes: [String: QueryLineage], mask: IndirectMask) -> [SourceKey: IndirectMask] {
        if let position = BindState.position(expression), position <= outputs.count {
            return outputs[position - 1].lineage.allAsIndirect(mask)
        }
        if case .column(let reference) = expression.kind, reference.parts.count == 1,
           let output = outputs.first(where: { $0.name == reference.column.value }) {
            return output.lineage.allAsIndirect(mask)
        }
        guard let frame else { return [:] }
        var result: [SourceKey: IndirectMask] = [:]
        uses(expression, mask, frame, ctes, into: &result)
        return result
    }

    /// Records every column `expression` reads as INDIRECT with `mask`.
    mutating func uses(_ expression: SQLExpression, _ mask: IndirectMask, _ frame: LineageFrame, _ ctes: [String: QueryLineage],
                       into indirect: inout [SourceKey: IndirectMask]) {
        var set = LineageSet()
        self.expression(expression, .indirect(mask), frame, ctes, into: &set)
        for (key, value) in set.indirect { indirect[key, default: []].formUnion(value) }
    }

    // MARK: - FROM

    /// The relation a table name stands for: a CTE in scope, else a table through the metadata.
    func tableRelation(_ name: ObjectName, aliasColumns: [Name], ctes: [String: QueryLineage]) -> LineageRelation {
        if name.parts.count == 1, let cte = ctes[name.name.value] {
            return .derived(aliasColumns.isEmpty ? cte : cte.renamed(aliasColumns.map(\.value)))
        }
        let (display, columns) = resolveTable(name)
        guard !aliasColumns.isEmpty else { return .table(display, columns: columns) }
        // `FROM t AS x(a, b)`: the first columns take new names.
        let original = columns ?? aliasColumns.map(\.value)
        var renamed: [(name: String, lineage: LineageSet)] = original.map { (name: $0, lineage: LineageSet.identity(display, $0)) }
        for (offset, alias) in aliasColumns.enumerated() where offset < renamed.count { renamed[offset].name = alias.value }
        return .derived(QueryLineage(columns: renamed))
    }

    mutating func fromItem(_ item: FromItem, _ frame: LineageFrame, _ ctes: [String: QueryLineage],
                           _ indirect: inout [SourceKey: IndirectMask]) {
        switch item {
        case .table(let table):
            let relation = tableRelation(table.table.name, aliasColumns: table.alias?.columns ?? [], ctes: ctes)
            indirect.merge(relationIndirect(relation)) { $0.union($1) }
            frame.entries.append(LineageEntry(alias: table.alias?.name.value ?? table.table.name.name.value, relation: relation))
        case .subquery(let subquery):
            var lineage = query(subquery.query, parent: subquery.lateral ? frame : frame.parent, ctes: ctes)
            if let columns = subquery.alias?.columns, !columns.isEmpty { lineage = lineage.renamed(columns.map(\.value)) }
            indirect.merge(lineage.indirect) { $0.union($1) }
            frame.entries.append(LineageEntry(alias: subquery.alias?.name.value ?? "", relation: .derived(lineage)))
        case .function(let function):
            var arguments = LineageSet()
            for call in function.functions { expression(call, .direct(.transformation), frame, ctes, into: &arguments) }
            let functionName: String
            if case .function(let call) = function.functions.first?.kind { functionName = call.name.name.value } else { functionName = "function" }
            let aliasName = function.alias.map { $0.name.value.isEmpty ? functionName : $0.name.value } ?? functionName
            var columns = BindState.functionColumns(function, functionName: functionName, aliasName: aliasName)
            var ordinality: String?
            if function.withOrdinality, columns != nil {
                if (function.alias?.columns.count ?? 0) < 2 { columns?.append("ordinality") }
                ordinality = columns?.last
            }
            frame.entries.append(LineageEntry(alias: aliasName, relation: .function(columns: columns, lineage: arguments, ordinality: ordinality)))
        case .join:
            var spine: [Join] = []
            var leftmost = item
            while case .join(let join) = leftmost {
                spine.append(join)
                leftmost = join.left
            }
            fromItem(leftmost, frame, ctes, &indirect)
            for join in spine.reversed() {
                let leftCount = frame.entries.count
                fromItem(join.right, frame, ctes, &indirect)
                switch join.condition {
                case .on(let condition):
                    uses(condition, .join, frame, ctes, into: &indirect)
                case .using(let names, _):
                    joinColumns(names.map(\.value), frame, leftCount: leftCount, &indirect)
                case .natural:
                    let left = frame.entries[..<leftCount].flatMap { $0.relation.columnNames ?? [] }
                    let right = Set(frame.entries[leftCount...].flatMap { $0.relation.columnNames ?? [] })
                    var seen = Set<String>()
                    joinColumns(left.filter { right.contains($0) && seen.insert($0).inserted }, frame, leftCount: leftCount, &indirect)
                case .none:
                    break
                }
            }
        case .nested(let inner, let alias, let range):
            guard enter(range) else { return }
            defer { leave() }
            guard let alias else {
                fromItem(inner, frame, ctes, &indirect)
                return
            }
            let innerFrame = LineageFrame(parent: frame.parent)
            fromItem(inner, innerFrame, ctes, &indirect)
            var columns: [(name: String, lineage: LineageSet)] = []
            for entry in innerFrame.entries {
                for name in entry.relation.columnNames ?? [] where !columns.contains(where: { $0.name == name }) {
                    columns.append((name: name, lineage: entry.relation.column(name) ?? LineageSet()))
                }
            }
            var lineage = QueryLineage(columns: columns)
            if !alias.columns.isEmpty { lineage = lineage.renamed(alias.columns.map(\.value)) }
            frame.entries.append(LineageEntry(alias: alias.name.value, relation: .derived(lineage)))
        case .template(let text, let alias, _):
            frame.entries.append(LineageEntry(alias: alias?.name.value ?? text, relation: .table(text, columns: nil)))
        }
    }

    /// `USING (…)` / `NATURAL` columns: the first relation on each side that has the column is joined on it.
    func joinColumns(_ names: [String], _ frame: LineageFrame, leftCount: Int, _ indirect: inout [SourceKey: IndirectMask]) {
        for name in names {
            for side in [frame.entries[..<leftCount], frame.entries[leftCount...]] {
                let known = side.last { $0.relation.columnNames?.contains(name) == true }
                let unknown = side.last { $0.relation.columnNames == nil }
                guard let entry = known ?? unknown, let lineage = entry.relation.column(name) else { continue }
                for (key, value) in lineage.allAsIndirect(.join) { indirect[key, default: []].formUnion(value) }
            }
        }
    }

    // MARK: - Column references

    /// The relation an alias names, looking outward for correlated references.
    func resolveAlias(_ alias: String, _ frame: LineageFrame) -> LineageEntry? {
        var current: LineageFrame? = frame
        while let scope = current {
            if let entry = scope.entry(alias) { return entry }
            current = scope.parent
        }
        return nil
    }

    /// The sources of a (bound) column reference.
    func column(_ reference: ColumnRef, _ frame: LineageFrame) -> LineageSet? {
        let parts = reference.parts
        if parts.count >= 2 {
            if let entry = resolveAlias(parts[parts.count - 2].value, frame), let lineage = entry.relation.column(parts[parts.count - 1].value) {
                return lineage
            }
            // `alias.composite.field`: a field of a composite column.
            if parts.count >= 3, let entry = resolveAlias(parts[0].value, frame), var lineage = entry.relation.column(parts[1].value) {
                var raised = LineageSet()
                raised.add(lineage, as: .direct(.transformation))
                lineage = raised
                return lineage
            }
            return nil
        }
        // A bare relation name: a whole-row reference.
        if let entry = resolveAlias(parts[0].value, frame) {
            var set = LineageSet()
            set.add(entry.relation.wholeRow, as: .direct(.transformation))
            return set
        }
        return nil
    }

    // MARK: - RETURNING

    /// The lineage of a data-modifying statement's RETURNING list (bound), over its target table.
    mutating func returningLineage(_ kind: Statement.Kind, ctes: [String: QueryLineage]) -> QueryLineage {
        let frame = LineageFrame(parent: nil)
        var indirect: [SourceKey: IndirectMask] = [:]
        let items: [SelectItem]
        switch kind {
        case .insert(let insert):
            frame.entries.append(LineageEntry(alias: insert.alias?.value ?? insert.table.name.name.value, relation: tableRelation(insert.table.name, aliasColumns: [], ctes: [:])))
            items = insert.returning
        case .update(let update):
            frame.entries.append(LineageEntry(alias: update.alias?.value ?? update.table.name.name.value, relation: tableRelation(update.table.name, aliasColumns: [], ctes: [:])))
            for item in update.from { fromItem(item, frame, ctes, &indirect) }
            items = update.returning
        case .delete(let delete):
            frame.entries.append(LineageEntry(alias: delete.alias?.value ?? delete.table.name.name.value, relation: tableRelation(delete.table.name, aliasColumns: [], ctes: [:])))
            for item in delete.using { fromItem(item, frame, ctes, &indirect) }
            if let condition = delete.where { uses(condition, .filter, frame, ctes, into: &indirect) }
            items = delete.returning
        default:
            items = []
        }
        var columns: [(name: String, lineage: LineageSet)] = []
        for item in items {
            var lineage = LineageSet()
            expression(item.expression, .direct(.identity), frame, ctes, into: &lineage)
            columns.append((name: item.alias?.value ?? "?column?", lineage: lineage))
        }
        return QueryLineage(columns: columns, indirect: indirect)
    }
}

extension Diagnostic.Code {
    /// A data-modifying CTE's own write is not reported (a warning).
    public static let nestedWrite = Diagnostic.Code(rawValue: "lineage.nested-write")
    /// More values than target columns, or a target column that does not exist.
    public static let targetMismatch = Diagnostic.Code(rawValue: "lineage.target-mismatch")
    /// The target's columns are unknown, so values are mapped by their own names (a warning).
    public static let unknownTargetColumns = Diagnostic.Code(rawValue: "lineage.unknown-target-columns")
}
