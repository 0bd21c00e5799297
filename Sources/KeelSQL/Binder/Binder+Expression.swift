extension BindState {
    // MARK: - Column resolution

    /// Where an unqualified column was found.
    enum Resolution {
        case source(String)
        case outputAlias
        case ambiguous([String])
        /// More than one relation of unknown columns could hold it.
        case unresolved([String])
        case notFound
    }

    /// Finds the relation an unqualified column belongs to, looking outward for correlated references.
    func resolve(_ column: String, in frame: Frame) -> Resolution {
        var current: Frame? = frame
        while let scope = current {
            let matches = scope.entries.filter { $0.has(column) }
            if matches.count == 1, let match = matches.first { return .source(match.alias) }
            if matches.count > 1 {
                // A USING / NATURAL column merged into the left side is not ambiguous.
                let visible = matches.filter { !$0.hidden.contains(column) }
                if visible.count == 1, let match = visible.first { return .source(match.alias) }
                return .ambiguous(matches.map(\.alias))
            }
            let unknown = scope.entries.filter { $0.columns == nil && !$0.hidden.contains(column) }
            if unknown.count == 1, let only = unknown.first { return .source(only.alias) }
            if unknown.count > 1 { return .unresolved(unknown.map(\.alias)) }
            current = scope.parent
        }
        return .notFound
    }

    mutating func resolveColumn(_ reference: ColumnRef, range: SourceRange, _ frame: Frame, preferOutputAliases: Bool) -> ColumnRef {
        let column = reference.column
        if reference.parts.count >= 2 {
            let qualifier = reference.parts[reference.parts.count - 2].value
            var current: Frame? = frame
            while let scope = current {
                if let entry = scope.entry(qualifier) {
                    if let columns = entry.columns, !columns.contains(column.value) {
                        report(.unknownColumn, "column \(column.sql) does not exist in \(qualifier)", range)
                    }
                    return reference
                }
                if reference.parts.count >= 3,
                   let entry = scope.entries.first(where: { if case .table(let identity, _) = $0.bound.kind { identity.name == qualifier } else { false } }) {
                    // `schema.table.column` written out in full: qualify by the relation's alias.
                    return ColumnRef([Name(entry.alias, quoted: SQLPrinter.needsQuotes(entry.alias)), column])
                }
                current = scope.parent
            }
            // `composite.field` spelled without parentheses (BigQuery / Snowflake structs).
            if case .source(let alias) = resolve(reference.parts[0].value, in: frame) {
                return ColumnRef([Name(alias, quoted: SQLPrinter.needsQuotes(alias))] + reference.parts)
            }
            report(.unknownAlias, "\(reference.parts.dropLast().map(\.sql).joined(separator: ".")) does not name a relation in FROM", range)
            return reference
        }
        if preferOutputAliases, frame.outputAliases.contains(column.value) { return reference }
        switch resolve(column.value, in: frame) {
        case .source(let alias):
            return ColumnRef([Name(alias, quoted: SQLPrinter.needsQuotes(alias)), column])
        case .outputAlias:
            return reference
        case .ambiguous(let aliases):
            report(.ambiguousColumn, "column \(column.sql) is ambiguous: it could come from \(aliases.joined(separator: ", "))", range)
            return reference
        case .unresolved(let aliases):
            report(.unresolvedColumn, "column \(column.sql) could come from \(aliases.joined(separator: " or ")), whose columns are unknown", range, severity: .warning)
            return reference
        case .notFound:
            if frame.outputAliases.contains(column.value) { return reference }
            var scope: Frame? = frame
            while let current = scope {
                // A bare relation name is a whole-row reference (`SELECT t FROM t`, `row_to_json(t)`).
                if current.entry(column.value) != nil { return reference }
                scope = current.parent
            }
            report(.unknownColumn, "column \(column.sql) does not exist", range)
            return reference
        }
    }

    // MARK: - Expressions

    mutating func rewrite(_ expression: SQLExpression, _ frame: Frame, _ ctes: [String: CTEInfo], preferOutputAliases: Bool = false) -> SQLExpression {
        guard enter(expression.range) else { return expression }
        defer { leave() }
        var result = expression
        func sub(_ inner: SQLExpression) -> SQLExpression { rewrite(inner, frame, ctes, preferOutputAliases: preferOutputAliases) }
        switch expression.kind {
        case .column(let reference):
            if reference.parts.count == 1, !(preferOutputAliases && frame.outputAliases.contains(reference.column.value)),
               let merged = frame.mergedExpression(reference.column.value, range: expression.range, postgres: options.projectionNaming == .postgres) {
                // A column merged by USING / NATURAL is coalesce(left, right), as PostgreSQL defines it.
                return merged
            }
            result.kind = .column(resolveColumn(reference, range: expression.range, frame, preferOutputAliases: preferOutputAliases))
        case .star, .literal, .parameter, .valueFunction, .default, .template, .invalid, .typedLiteral:
            break
        case .unary(let op, let operand):
            result.kind = .unary(op: op, operand: sub(operand))
        case .binary:
            return rewriteBinaryChain(expression, frame, ctes, preferOutputAliases: preferOutputAliases)
        case .isTest(let value, let test):
            result.kind = .isTest(sub(value), test: test)
        case .like(var like):
            like.value = sub(like.value)
            like.pattern = sub(like.pattern)
            like.escape = like.escape.map(sub)
            result.kind = .like(like)
        case .between(var between):
            between.value = sub(between.value)
            between.low = sub(between.low)
            between.high = sub(between.high)
            result.kind = .between(between)
        case .inList(let value, let list, let negated):
            result.kind = .inList(sub(value), list: list.map(sub), negated: negated)
        case .inSubquery(let value, let query, let negated):
            result.kind = .inSubquery(sub(value), query: bindQuery(query, parent: frame, ctes: ctes, kind: .subquery).0, negated: negated)
        case .quantified(var quantified):
            quantified.left = sub(quantified.left)
            switch quantified.source {
            case .subquery(let query): quantified.source = .subquery(bindQuery(query, parent: frame, ctes: ctes, kind: .subquery).0)
            case .array(let array): quantified.source = .array(sub(array))
            }
            result.kind = .quantified(quantified)
        case .exists(let query):
            result.kind = .exists(bindQuery(query, parent: frame, ctes: ctes, kind: .subquery).0)
        case .subquery(let query):
            result.kind = .subquery(bindQuery(query, parent: frame, ctes: ctes, kind: .subquery).0)
        case .cast(var cast):
            cast.value = sub(cast.value)
            result.kind = .cast(cast)
        case .function(var call):
            call.arguments = call.arguments.map { argument in
                var argument = argument
                argument.value = sub(argument.value)
                return argument
            }
            call.orderBy = call.orderBy.map { rewrite($0, frame, ctes) }
            call.withinGroup = call.withinGroup.map { rewrite($0, frame, ctes) }
            call.filter = call.filter.map(sub)
            if let over = call.over, !over.isReference { call.over = rewrite(over, frame, ctes) }
            result.kind = .function(call)
        case .extract(let field, let source):
            result.kind = .extract(field: field, source: sub(source))
        case .caseWhen(var caseWhen):
            caseWhen.operand = caseWhen.operand.map(sub)
            caseWhen.branches = caseWhen.branches.map { CaseWhen.Branch(condition: sub($0.condition), result: sub($0.result)) }
            caseWhen.elseResult = caseWhen.elseResult.map(sub)
            result.kind = .caseWhen(caseWhen)
        case .array(let array):
            switch array {
            case .elements(let elements, let type): result.kind = .array(.elements(elements.map(sub), elementType: type))
            case .subquery(let query): result.kind = .array(.subquery(bindQuery(query, parent: frame, ctes: ctes, kind: .subquery).0))
            }
        case .row(let items, let explicit):
            result.kind = .row(items.map(sub), explicit: explicit)
        case .structConstructor(var structure):
            structure.fields = structure.fields.map { SelectItem(expression: sub($0.expression), alias: $0.alias, range: $0.range) }
            result.kind = .structConstructor(structure)
        case .access(let base, let path):
            let newPath = path.map { accessor -> Accessor in
                switch accessor {
                case .index(let index): .index(sub(index))
                case .slice(let lower, let upper): .slice(lower: lower.map(sub), upper: upper.map(sub))
                default: accessor
                }
            }
            result.kind = .access(sub(base), path: newPath)
        case .collate(let value, let collation):
            result.kind = .collate(sub(value), collation: collation)
        case .atTimeZone(let value, let zone):
            result.kind = .atTimeZone(sub(value), zone: zone.map(sub))
        case .nested(let inner):
            result.kind = .nested(sub(inner))
        }
        return result
    }

    /// Rewrites `a op b op c …` walking the left spine iteratively.
    mutating func rewriteBinaryChain(_ expression: SQLExpression, _ frame: Frame, _ ctes: [String: CTEInfo], preferOutputAliases: Bool) -> SQLExpression {
        var links: [(op: String, right: SQLExpression, range: SourceRange)] = []
        var leftmost = expression
        while case .binary(let op, let left, let right) = leftmost.kind {
            links.append((op, right, leftmost.range))
            leftmost = left
        }
        var result = rewrite(leftmost, frame, ctes, preferOutputAliases: preferOutputAliases)
        for link in links.reversed() {
            let right = rewrite(link.right, frame, ctes, preferOutputAliases: preferOutputAliases)
            result = SQLExpression(.binary(op: link.op, left: result, right: right), range: link.range)
        }
        return result
    }

    mutating func rewrite(_ item: OrderItem, _ frame: Frame, _ ctes: [String: CTEInfo]) -> OrderItem {
        var item = item
        item.expression = rewrite(item.expression, frame, ctes)
        return item
    }

    mutating func rewrite(_ spec: WindowSpec, _ frame: Frame, _ ctes: [String: CTEInfo]) -> WindowSpec {
        var spec = spec
        spec.partitionBy = spec.partitionBy.map { rewrite($0, frame, ctes) }
        spec.orderBy = spec.orderBy.map { rewrite($0, frame, ctes) }
        if var windowFrame = spec.frame {
            windowFrame.start = rewrite(windowFrame.start, frame, ctes)
            windowFrame.end = windowFrame.end.map { rewrite($0, frame, ctes) }
            spec.frame = windowFrame
        }
        return spec
    }

    mutating func rewrite(_ bound: WindowFrame.Bound, _ frame: Frame, _ ctes: [String: CTEInfo]) -> WindowFrame.Bound {
        switch bound {
        case .preceding(let offset): .preceding(rewrite(offset, frame, ctes))
        case .following(let offset): .following(rewrite(offset, frame, ctes))
        default: bound
        }
    }
}
