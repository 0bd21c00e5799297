import KeelCore
import KeelSQL

/// A user-supplied expression that reads one row (`up`, `down`, `check`, `default`, `where`):
/// parsed by KeelSQL as exactly one expression, checked to hold no subquery, aggregate or
/// window, and re-printed from the AST, so spec text can never become a second statement.
struct RowExpression: Sendable {
    enum Problem: Error {
        case syntax(String)
        case notRowLocal(String)
    }

    let expression: SQLExpression

    init(_ text: String) throws(Problem) {
        do {
            expression = try Parser.parseExpression(text)
        } catch {
            throw .syntax("\(error)")
        }
        _ = try Self.rewrite(expression) { _ in nil }
    }

    /// The unqualified column names it reads.
    var columns: [String] {
        var names: [String] = []
        _ = try? Self.rewrite(expression) { ref in
            if !names.contains(ref.column.value) { names.append(ref.column.value) }
            return nil
        }
        return names
    }

    /// The expression as SQL, each column reference replaced by `replace(name)` when it returns one.
    func sql(replacingColumns replace: (String) -> ColumnRef? = { _ in nil }) -> SQL {
        let rewritten = (try? Self.rewrite(expression) { ref in
            ref.parts.count == 1 ? replace(ref.column.value).map { .column($0) } : nil
        }) ?? expression
        return TrustedSQL.printed(rewritten)
    }

    /// This expression with every reference to `column` replaced by `value` (in parentheses).
    func substituting(column: String, with value: RowExpression) -> RowExpression {
        let rewritten = (try? Self.rewrite(expression) { ref in
            ref.parts.count == 1 && ref.column.value == column ? .nested(value.expression) : nil
        }) ?? expression
        return RowExpression(checked: rewritten)
    }

    private init(checked expression: SQLExpression) {
        self.expression = expression
    }


    // MARK: Rewriting

    private static func rewrite(_ e: SQLExpression, _ f: (ColumnRef) -> SQLExpression.Kind?) throws(Problem) -> SQLExpression {
        func r(_ x: SQLExpression) throws(Problem) -> SQLExpression { try rewrite(x, f) }
        func rs(_ xs: [SQLExpression]) throws(Problem) -> [SQLExpression] {
            var out: [SQLExpression] = []
            for x in xs { out.append(try r(x)) }
            return out
        }
        var kind = e.kind
        switch e.kind {
        case .column(let ref):
            if let replacement = f(ref) { kind = replacement }
        case .literal, .valueFunction, .typedLiteral:
            break
        case .unary(let op, let operand):
            kind = .unary(op: op, operand: try r(operand))
        case .binary(let op, let left, let right):
            kind = .binary(op: op, left: try r(left), right: try r(right))
        case .isTest(let value, let test):
            kind = .isTest(try r(value), test: test)
        case .like(var like):
            like.value = try r(like.value)
            like.pattern = try r(like.pattern)
            if let escape = like.escape { like.escape = try r(escape) }
            kind = .like(like)
        case .between(var between):
            between.value = try r(between.value)
            between.low = try r(between.low)
            between.high = try r(between.high)
            kind = .between(between)
        case .inList(let value, let list, let negated):
            kind = .inList(try r(value), list: try rs(list), negated: negated)
        case .quantified(var quantified):
            guard case .array(let array) = quantified.source else { throw .notRowLocal("a subquery") }
            quantified.left = try r(quantified.left)
            quantified.source = .array(try r(array))
            kind = .quantified(quantified)
        case .cast(var cast):
            cast.value = try r(cast.value)
            kind = .cast(cast)
        case .function(var call):
            if call.over != nil { throw .notRowLocal("a window function") }
            if call.star || call.filter != nil || !call.orderBy.isEmpty || !call.withinGroup.isEmpty || call.distinct {
                throw .notRowLocal("an aggregate")
            }
            if Self.aggregates.contains(call.name.parts.last?.value.lowercased() ?? "") { throw .notRowLocal("an aggregate") }
            for index in call.arguments.indices { call.arguments[index].value = try r(call.arguments[index].value) }
            kind = .function(call)
        case .extract(let field, let source):
            kind = .extract(field: field, source: try r(source))
        case .caseWhen(var caseWhen):
            if let operand = caseWhen.operand { caseWhen.operand = try r(operand) }
            for index in caseWhen.branches.indices {
                caseWhen.branches[index].condition = try r(caseWhen.branches[index].condition)
                caseWhen.branches[index].result = try r(caseWhen.branches[index].result)
            }
            if let elseResult = caseWhen.elseResult { caseWhen.elseResult = try r(elseResult) }
            kind = .caseWhen(caseWhen)
        case .array(.elements(let elements, let type)):
            kind = .array(.elements(try rs(elements), elementType: type))
        case .row(let items, let explicit):
            kind = .row(try rs(items), explicit: explicit)
        case .access(let value, let path):
            var newPath: [Accessor] = []
            for step in path {
                switch step {
                case .index(let index): newPath.append(.index(try r(index)))
                case .slice(let lower, let upper):
                    newPath.append(.slice(lower: try lower.map { x throws(Problem) in try r(x) }, upper: try upper.map { x throws(Problem) in try r(x) }))
                default: newPath.append(step)
                }
            }
            kind = .access(try r(value), path: newPath)
        case .collate(let value, let collation):
            kind = .collate(try r(value), collation: collation)
        case .atTimeZone(let value, let zone):
            kind = .atTimeZone(try r(value), zone: try zone.map { x throws(Problem) in try r(x) })
        case .nested(let inner):
            kind = .nested(try r(inner))
        case .inSubquery, .exists, .subquery, .array(.subquery):
            throw .notRowLocal("a subquery")
        case .star:
            throw .notRowLocal("*")
        case .parameter:
            throw .notRowLocal("a parameter")
        case .default:
            throw .notRowLocal("DEFAULT")
        case .structConstructor, .template, .invalid:
            throw .notRowLocal("a construct PostgreSQL does not accept here")
        }
        return SQLExpression(kind, range: e.range)
    }

    static let aggregates: Set<String> = [
        "sum", "count", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or", "every", "json_agg",
        "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev", "variance", "percentile_cont", "percentile_disc", "mode",
    ]
}

/// A type name from a spec, parsed and re-printed.
struct SpecType: Sendable {
    let typeName: TypeName
    let columnType: ColumnType
    var sql: SQL { TrustedSQL.printed(typeName) }

    init?(_ text: String) {
        guard let type = try? Parser.parseType(text) else { return nil }
        typeName = type
        columnType = ColumnType(type)
    }
}
