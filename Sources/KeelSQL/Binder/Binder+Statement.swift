/// A statement after binding: every column reference qualified, every `*` expanded.
public struct BoundStatement: Sendable {
    /// The rewritten statement.
    public var statement: Statement
    /// Unknown or ambiguous columns and tables; binding degrades only around them.
    public var diagnostics: [Diagnostic]
}

extension Binder {
    /// Binds any statement: queries, INSERT (with ON CONFLICT), UPDATE, DELETE, MERGE, CREATE TABLE AS,
    /// CREATE VIEW and `SELECT … INTO`. Other statements come back unchanged.
    /// - Parameter statement: a parsed statement.
    /// - Returns: the bound statement and its diagnostics.
    public func bind(_ statement: Statement) -> BoundStatement {
        var state = BindState(schema: schema, options: options)
        let kind = state.bindStatement(statement.kind, ctes: [:])
        return BoundStatement(statement: Statement(kind, range: statement.range), diagnostics: state.diagnostics)
    }
}

extension BindState {
    mutating func bindStatement(_ kind: Statement.Kind, ctes: [String: CTEInfo]) -> Statement.Kind {
        switch kind {
        case .query(let query):
            return .query(bindQuery(query, parent: nil, ctes: ctes, kind: .root).0)
        case .insert(let insert):
            return .insert(bindInsert(insert, ctes: ctes))
        case .update(let update):
            return .update(bindUpdate(update, ctes: ctes))
        case .delete(let delete):
            return .delete(bindDelete(delete, ctes: ctes))
        case .merge(let merge):
            return .merge(bindMerge(merge, ctes: ctes))
        case .createTableAs(var create):
            create.query = bindQuery(create.query, parent: nil, ctes: ctes, kind: .root).0
            return .createTableAs(create)
        case .createView(var view):
            view.query = bindQuery(view.query, parent: nil, ctes: ctes, kind: .root).0
            return .createView(view)
        case .explain(let inner, let options):
            return .explain(Statement(bindStatement(inner.kind, ctes: ctes), range: inner.range), options: options)
        default:
            return kind
        }
    }

    /// The output column names of a bound data-modifying statement's RETURNING list.
    func returningColumns(_ kind: Statement.Kind) -> [String] {
        let items: [SelectItem]
        switch kind {
        case .insert(let insert): items = insert.returning
        case .update(let update): items = update.returning
        case .delete(let delete): items = delete.returning
        case .merge(let merge): items = merge.returning
        default: items = []
        }
        return items.map { $0.alias?.value ?? "?column?" }
    }

    /// The target of a data-modifying statement as a frame entry (never a CTE).
    mutating func targetEntry(_ table: TableRef, alias: Name?) -> FrameEntry {
        tableEntry(table.name, alias: alias.map { TableAlias(name: $0) }, aliasColumns: [], ctes: [:], range: table.range)
    }

    /// Binds a WITH clause of a data-modifying statement.
    mutating func bindOptionalWith(_ with: WithClause?, ctes: [String: CTEInfo]) -> (WithClause?, [String: CTEInfo]) {
        guard let with else { return (nil, ctes) }
        let (bound, environment) = bindWith(with, parent: nil, ctes: ctes)
        return (bound, environment)
    }

    /// Binds a RETURNING list (or any projection list) in `frame`: stars expanded, items named.
    mutating func bindProjections(_ items: [SelectItem], _ frame: Frame, _ ctes: [String: CTEInfo]) -> [SelectItem] {
        var result: [SelectItem] = []
        for item in items {
            if case .star(let star) = item.expression.kind {
                result.append(contentsOf: expand(star, item: item, frame, ctes))
                continue
            }
            let alias = item.alias ?? projectionName(item.expression, index: result.count)
            result.append(SelectItem(expression: rewrite(item.expression, frame, ctes), alias: alias, range: item.range))
        }
        return result
    }

    mutating func bindAssignments(_ assignments: [Assignment], _ frame: Frame, _ ctes: [String: CTEInfo]) -> [Assignment] {
        assignments.map { assignment in
            var assignment = assignment
            assignment.value = rewrite(assignment.value, frame, ctes)
            assignment.targets = assignment.targets.map { target in
                var target = target
                target.path = target.path.map { accessor in
                    switch accessor {
                    case .index(let index): .index(rewrite(index, frame, ctes))
                    case .slice(let lower, let upper):
                        .slice(lower: lower.map { rewrite($0, frame, ctes) }, upper: upper.map { rewrite($0, frame, ctes) })
                    default: accessor
                    }
                }
                return target
            }
            return assignment
        }
    }

    mutating func bindInsert(_ insert: Insert, ctes: [String: CTEInfo]) -> Insert {
        var result = insert
        let (with, environment) = bindOptionalWith(insert.with, ctes: ctes)
        result.with = with
        if let source = insert.source {
            result.source = bindQuery(source, parent: nil, ctes: environment, kind: .root).0
        }
        let frame = Frame(parent: nil)
        let target = targetEntry(insert.table, alias: insert.alias)
        frame.entries.append(target)
        if var conflict = insert.onConflict {
            // `excluded` is the row proposed for insertion, with the target's columns.
            let excluded = FrameEntry(alias: "excluded", columns: target.columns, bound: BoundSource(alias: "excluded", kind: target.bound.kind))
            let conflictFrame = Frame(parent: nil)
            conflictFrame.entries = [target, excluded]
            if case .columns(let elements, let predicate) = conflict.target {
                conflict.target = .columns(elements.map { element in
                    var element = element
                    element.expression = rewrite(element.expression, frame, environment)
                    return element
                }, where: predicate.map { rewrite($0, frame, environment) })
            }
            if case .update(let assignments, let predicate) = conflict.action {
                conflict.action = .update(bindAssignments(assignments, conflictFrame, environment),
                                          where: predicate.map { rewrite($0, conflictFrame, environment) })
            }
            result.onConflict = conflict
        }
        result.returning = bindProjections(insert.returning, frame, environment)
        return result
    }

    mutating func bindUpdate(_ update: Update, ctes: [String: CTEInfo]) -> Update {
        var result = update
        let (with, environment) = bindOptionalWith(update.with, ctes: ctes)
        result.with = with
        let frame = Frame(parent: nil)
        frame.entries.append(targetEntry(update.table, alias: update.alias))
        result.from = update.from.map { bindFromItem($0, frame, environment) }
        result.assignments = bindAssignments(update.assignments, frame, environment)
        result.where = update.where.map { rewrite($0, frame, environment) }
        result.returning = bindProjections(update.returning, frame, environment)
        return result
    }

    mutating func bindDelete(_ delete: Delete, ctes: [String: CTEInfo]) -> Delete {
        var result = delete
        let (with, environment) = bindOptionalWith(delete.with, ctes: ctes)
        result.with = with
        let frame = Frame(parent: nil)
        frame.entries.append(targetEntry(delete.table, alias: delete.alias))
        result.using = delete.using.map { bindFromItem($0, frame, environment) }
        result.where = delete.where.map { rewrite($0, frame, environment) }
        result.returning = bindProjections(delete.returning, frame, environment)
        return result
    }

    mutating func bindMerge(_ merge: Merge, ctes: [String: CTEInfo]) -> Merge {
        var result = merge
        let (with, environment) = bindOptionalWith(merge.with, ctes: ctes)
        result.with = with
        let sourceFrame = Frame(parent: nil)
        result.source = bindFromItem(merge.source, sourceFrame, environment)
        let frame = Frame(parent: nil)
        frame.entries = [targetEntry(merge.target, alias: merge.alias)] + sourceFrame.entries
        result.on = rewrite(merge.on, frame, environment)
        result.clauses = merge.clauses.map { clause in
            var clause = clause
            clause.condition = clause.condition.map { rewrite($0, frame, environment) }
            switch clause.action {
            case .update(let assignments):
                clause.action = .update(bindAssignments(assignments, frame, environment))
            case .insert(let columns, let values):
                // INSERT values may only refer to the source.
                clause.action = .insert(columns: columns, values: values.map { $0.map { rewrite($0, sourceFrame, environment) } })
            case .delete, .doNothing:
                break
            }
            return clause
        }
        result.returning = bindProjections(merge.returning, frame, environment)
        return result
    }
}
