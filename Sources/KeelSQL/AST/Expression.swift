/// A scalar expression with its source range.
public struct SQLExpression: Hashable, Sendable {
    /// What the expression is.
    public var kind: Kind
    /// Where it was written.
    public var range: SourceRange

    /// Creates an expression.
    public init(_ kind: Kind, range: SourceRange = .none) {
        self.kind = kind
        self.range = range
    }

    /// The kinds of expression.
    public indirect enum Kind: Hashable, Sendable {
        /// A column reference such as `a`, `t.a` or `s.t.a`.
        case column(ColumnRef)
        /// `*` or `t.*`, with BigQuery's `EXCEPT (…)` / `REPLACE (…)`.
        case star(Star)
        /// A constant.
        case literal(Literal)
        /// A positional parameter `$1`, or a psql variable `:name` / `:'name'`.
        case parameter(Parameter)
        /// A prefix operator: `-x`, `NOT x`, `~x`, `@x`.
        case unary(op: String, operand: SQLExpression)
        /// An infix operator: `a + b`, `a AND b`, `a = b`, `j ->> 'k'`, `a OPERATOR(pg_catalog.=) b`.
        /// Keyword operators are upper-case (`AND`, `OR`, `IS DISTINCT FROM`, `IS NOT DISTINCT FROM`).
        case binary(op: String, left: SQLExpression, right: SQLExpression)
        /// A postfix test: `x IS NULL`, `x IS NOT TRUE`, `x ISNULL`, `x IS DOCUMENT`, … (`test` is upper-case,
        /// for example `NULL`, `NOT NULL`, `TRUE`, `NOT UNKNOWN`).
        case isTest(SQLExpression, test: String)
        /// `x [NOT] LIKE|ILIKE|SIMILAR TO pattern [ESCAPE e]`.
        case like(Like)
        /// `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
        case between(Between)
        /// `x [NOT] IN (a, b, …)`.
        case inList(SQLExpression, list: [SQLExpression], negated: Bool)
        /// `x [NOT] IN (SELECT …)`.
        case inSubquery(SQLExpression, query: Query, negated: Bool)
        /// `x op ANY|SOME|ALL (SELECT …)` or `x op ANY (array)`.
        case quantified(Quantified)
        /// `EXISTS (SELECT …)`.
        case exists(Query)
        /// A scalar subquery `(SELECT …)`.
        case subquery(Query)
        /// `x::type`, `CAST(x AS type)`, `TRY_CAST` or `SAFE_CAST`.
        case cast(Cast)
        /// A typed literal: `DATE '2024-01-01'`, `INTERVAL '1' DAY`, `int4 '1'`.
        case typedLiteral(type: TypeName, value: String)
        /// A function call, aggregate or window function.
        case function(FunctionCall)
        /// `EXTRACT(field FROM source)`.
        case extract(field: String, source: SQLExpression)
        /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
        case caseWhen(CaseWhen)
        /// `ARRAY[…]`, `ARRAY(SELECT …)`, or BigQuery `[…]` / `ARRAY<T>[…]`.
        case array(ArrayConstructor)
        /// `ROW(a, b)` (explicit) or `(a, b)` (implicit).
        case row([SQLExpression], explicit: Bool)
        /// BigQuery `STRUCT(x AS a, …)` / `STRUCT<a INT64>(…)`.
        case structConstructor(StructConstructor)
        /// Subscripts and field selection: `a[1]`, `a[1:2]`, `(c).field`, `(c).*`, Snowflake `v:a.b[0]`.
        case access(SQLExpression, path: [Accessor])
        /// `x COLLATE "C"`.
        case collate(SQLExpression, collation: ObjectName)
        /// `x AT TIME ZONE zone`, or `x AT LOCAL`.
        case atTimeZone(SQLExpression, zone: SQLExpression?)
        /// `(expr)`: kept so that printing preserves the author's grouping.
        case nested(SQLExpression)
        /// A niladic SQL value function: `CURRENT_DATE`, `CURRENT_TIMESTAMP(3)`, `CURRENT_USER`, `LOCALTIME`, …
        case valueFunction(name: String, precision: Int?)
        /// `DEFAULT` in `VALUES`, `INSERT` and `UPDATE … SET`.
        case `default`
        /// An unrendered Jinja expression `{{ … }}`, kept verbatim (a diagnostic was emitted).
        case template(String)
        /// Text the parser could not understand (a diagnostic was emitted); lineage degrades here only.
        case invalid(String)
    }
}

/// A reference to a column, possibly qualified: `a`, `t.a`, `s.t.a`, `db.s.t.a`.
public struct ColumnRef: Hashable, Sendable {
    /// The parts, outermost first; the last one is the column.
    public var parts: [Name]

    /// Creates a column reference.
    public init(_ parts: [Name]) { self.parts = parts }

    /// The column's name.
    public var column: Name { parts.last ?? Name("") }
    /// The table qualifier (`t` in `t.a`), if any.
    public var table: Name? { parts.count >= 2 ? parts[parts.count - 2] : nil }
    /// The schema qualifier (`s` in `s.t.a`), if any.
    public var schema: Name? { parts.count >= 3 ? parts[parts.count - 3] : nil }
    /// The catalog qualifier, if any.
    public var catalog: Name? { parts.count >= 4 ? parts[parts.count - 4] : nil }
    /// The qualifier parts (everything before the column).
    public var qualifier: [Name] { Array(parts.dropLast()) }
}

/// `*`, `t.*`, and BigQuery's `* EXCEPT (a, b)` / `* REPLACE (expr AS a)`.
public struct Star: Hashable, Sendable {
    /// The relation qualifier (`t` in `t.*`), empty for a bare `*`.
    public var qualifier: [Name]
    /// Columns excluded by `EXCEPT (…)`.
    public var except: [Name]
    /// Columns replaced by `REPLACE (expr AS name, …)`.
    public var replace: [SelectItem]

    /// Creates a star.
    public init(qualifier: [Name] = [], except: [Name] = [], replace: [SelectItem] = []) {
        self.qualifier = qualifier
        self.except = except
        self.replace = replace
    }
}

/// A constant value.
public enum Literal: Hashable, Sendable {
    /// A number, as written (`42`, `1.5`, `1e10`, `.5`).
    case number(String)
    /// A character string, already unescaped.
    case string(String, style: StringStyle)
    /// `TRUE` or `FALSE`.
    case boolean(Bool)
    /// `NULL`.
    case null

    /// How a string constant was written.
    public enum StringStyle: String, Hashable, Sendable {
        /// `'…'`.
        case standard
        /// `E'…'` (backslash escapes).
        case escape
        /// `U&'…'`.
        case unicode
        /// `N'…'`.
        case national
        /// `$tag$…$tag$`.
        case dollar
        /// `B'…'` (the value is the bits).
        case bit
        /// `X'…'` (the value is the hex digits).
        case hex
    }
}

/// A positional parameter or a psql variable.
public enum Parameter: Hashable, Sendable {
    /// `$1`, `$2`, …
    case positional(Int)
    /// `:name`, `:'name'` or `:"name"` (psql), tolerated.
    case variable(String)
}

/// `x [NOT] LIKE|ILIKE|SIMILAR TO pattern [ESCAPE e]`.
public struct Like: Hashable, Sendable {
    /// Which operator.
    public enum Operator: String, Hashable, Sendable {
        case like = "LIKE", ilike = "ILIKE", similarTo = "SIMILAR TO"
    }
    /// The value tested.
    public var value: SQLExpression
    /// Which operator.
    public var op: Operator
    /// `NOT LIKE`.
    public var negated: Bool
    /// The pattern.
    public var pattern: SQLExpression
    /// The escape character, if any.
    public var escape: SQLExpression?

    /// Creates a LIKE test.
    public init(value: SQLExpression, op: Operator, negated: Bool, pattern: SQLExpression, escape: SQLExpression? = nil) {
        self.value = value
        self.op = op
        self.negated = negated
        self.pattern = pattern
        self.escape = escape
    }
}

/// `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
public struct Between: Hashable, Sendable {
    /// The value.
    public var value: SQLExpression
    /// Whether the test is negated (`NOT`).
    public var negated: Bool
    /// Whether `SYMMETRIC` was given.
    public var symmetric: Bool
    /// The lower bound.
    public var low: SQLExpression
    /// The upper bound.
    public var high: SQLExpression

    /// Creates a BETWEEN test.
    public init(value: SQLExpression, negated: Bool, symmetric: Bool, low: SQLExpression, high: SQLExpression) {
        self.value = value
        self.negated = negated
        self.symmetric = symmetric
        self.low = low
        self.high = high
    }
}

/// `x op ANY|SOME|ALL (subquery or array)`.
public struct Quantified: Hashable, Sendable {
    /// `ANY`, `SOME` or `ALL`.
    public enum Quantifier: String, Hashable, Sendable { case any = "ANY", some = "SOME", all = "ALL" }
    /// The subquery or the array expression.
    public enum Source: Hashable, Sendable {
        case subquery(Query)
        case array(SQLExpression)
    }
    /// The left operand.
    public var left: SQLExpression
    /// The comparison operator, such as `=` or `LIKE`.
    public var op: String
    /// `ANY`, `SOME` or `ALL`.
    public var quantifier: Quantifier
    /// The source relation.
    public var source: Source

    /// Creates a quantified comparison.
    public init(left: SQLExpression, op: String, quantifier: Quantifier, source: Source) {
        self.left = left
        self.op = op
        self.quantifier = quantifier
        self.source = source
    }
}

/// A cast.
public struct Cast: Hashable, Sendable {
    /// How it was written.
    public enum Syntax: String, Hashable, Sendable {
        /// `x::type`
        case doubleColon
        /// `CAST(x AS type)`
        case cast
        /// `TRY_CAST(x AS type)` (Snowflake, Trino)
        case tryCast
        /// `SAFE_CAST(x AS type)` (BigQuery)
        case safeCast
    }
    /// The value.
    public var value: SQLExpression
    /// The data type.
    public var type: TypeName
    /// How it was written.
    public var syntax: Syntax

    /// Creates a cast.
    public init(value: SQLExpression, type: TypeName, syntax: Syntax) {
        self.value = value
        self.type = type
        self.syntax = syntax
    }
}

/// A function call with everything PostgreSQL allows around it.
public struct FunctionCall: Hashable, Sendable {
    /// The function's name, possibly schema-qualified.
    public var name: ObjectName
    /// The arguments.
    public var arguments: [FunctionArgument]
    /// `count(*)`.
    public var star: Bool
    /// `count(DISTINCT x)`.
    public var distinct: Bool
    /// `string_agg(x, ',' ORDER BY y)`.
    public var orderBy: [OrderItem]
    /// `percentile_cont(0.5) WITHIN GROUP (ORDER BY x)`.
    public var withinGroup: [OrderItem]
    /// `count(*) FILTER (WHERE …)`.
    public var filter: SQLExpression?
    /// `IGNORE NULLS` / `RESPECT NULLS` (warehouses), upper-case.
    public var nullTreatment: String?
    /// The window, for window functions.
    public var over: WindowSpec?

    /// Creates a function call.
    public init(
        name: ObjectName, arguments: [FunctionArgument] = [], star: Bool = false, distinct: Bool = false,
        orderBy: [OrderItem] = [], withinGroup: [OrderItem] = [], filter: SQLExpression? = nil,
        nullTreatment: String? = nil, over: WindowSpec? = nil
    ) {
        self.name = name
        self.arguments = arguments
        self.star = star
        self.distinct = distinct
        self.orderBy = orderBy
        self.withinGroup = withinGroup
        self.filter = filter
        self.nullTreatment = nullTreatment
        self.over = over
    }
}

/// One argument of a function call.
public struct FunctionArgument: Hashable, Sendable {
    /// `name => value` (or `name := value`).
    public var name: Name?
    /// The key word that introduces the argument in SQL-standard forms, upper-case: `FROM` and `FOR`
    /// in `substring(x FROM 1 FOR 2)`, `IN` in `position('a' IN s)`, `BOTH` in `trim(BOTH 'x' FROM s)`,
    /// `PLACING` in `overlay(…)`, `VARIADIC`.
    public var keyword: String?
    /// The value.
    public var value: SQLExpression

    /// Creates an argument.
    public init(name: Name? = nil, keyword: String? = nil, value: SQLExpression) {
        self.name = name
        self.keyword = keyword
        self.value = value
    }
}

/// A window: `OVER (PARTITION BY … ORDER BY … ROWS …)` or `OVER name`.
public struct WindowSpec: Hashable, Sendable {
    /// A named window this one refers to or extends.
    public var baseName: Name?
    /// `PARTITION BY …`, if given.
    public var partitionBy: [SQLExpression]
    /// The `ORDER BY` items.
    public var orderBy: [OrderItem]
    /// The frame.
    public var frame: WindowFrame?
    /// `OVER w` without parentheses.
    public var isReference: Bool
    /// Where it was written.
    public var range: SourceRange

    /// Creates a window.
    public init(
        baseName: Name? = nil, partitionBy: [SQLExpression] = [], orderBy: [OrderItem] = [], frame: WindowFrame? = nil,
        isReference: Bool = false, range: SourceRange = .none
    ) {
        self.baseName = baseName
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
        self.isReference = isReference
        self.range = range
    }
}

/// `ROWS|RANGE|GROUPS BETWEEN start AND end [EXCLUDE …]`.
public struct WindowFrame: Hashable, Sendable {
    /// The frame unit.
    public enum Mode: String, Hashable, Sendable { case rows = "ROWS", range = "RANGE", groups = "GROUPS" }
    /// One frame bound.
    public enum Bound: Hashable, Sendable {
        case unboundedPreceding, unboundedFollowing, currentRow
        case preceding(SQLExpression)
        case following(SQLExpression)
    }
    /// The mode.
    public var mode: Mode
    /// The start.
    public var start: Bound
    /// The end.
    public var end: Bound?
    /// `EXCLUDE CURRENT ROW|GROUP|TIES|NO OTHERS`, upper-case, without `EXCLUDE`.
    public var exclusion: String?

    /// Creates a frame.
    public init(mode: Mode, start: Bound, end: Bound? = nil, exclusion: String? = nil) {
        self.mode = mode
        self.start = start
        self.end = end
        self.exclusion = exclusion
    }
}

/// `CASE [operand] WHEN … THEN … [ELSE …] END`.
public struct CaseWhen: Hashable, Sendable {
    /// One `WHEN condition THEN result`.
    public struct Branch: Hashable, Sendable {
        /// The condition.
        public var condition: SQLExpression
        /// The result.
        public var result: SQLExpression
        /// Creates a branch.
        public init(condition: SQLExpression, result: SQLExpression) {
            self.condition = condition
            self.result = result
        }
    }
    /// The simple-CASE operand, if any.
    public var operand: SQLExpression?
    /// The branches.
    public var branches: [Branch]
    /// The else result.
    public var elseResult: SQLExpression?

    /// Creates a CASE expression.
    public init(operand: SQLExpression?, branches: [Branch], elseResult: SQLExpression?) {
        self.operand = operand
        self.branches = branches
        self.elseResult = elseResult
    }
}

/// An array constructor.
public enum ArrayConstructor: Hashable, Sendable {
    /// `ARRAY[a, b]` or `[a, b]` (BigQuery), with the element type of `ARRAY<T>[…]` if given.
    case elements([SQLExpression], elementType: TypeName?)
    /// `ARRAY(SELECT …)`.
    case subquery(Query)
}

/// BigQuery `STRUCT(x AS a, y)` or `STRUCT<a INT64>(x)`.
public struct StructConstructor: Hashable, Sendable {
    /// The fields.
    public var fields: [SelectItem]
    /// Field types from `STRUCT<…>`.
    public var fieldTypes: [TypeArgument]

    /// Creates a struct constructor.
    public init(fields: [SelectItem], fieldTypes: [TypeArgument] = []) {
        self.fields = fields
        self.fieldTypes = fieldTypes
    }
}

/// One step of indirection after a value.
public enum Accessor: Hashable, Sendable {
    /// `.field`
    case field(Name)
    /// `.*`
    case allFields
    /// `[i]`
    case index(SQLExpression)
    /// `[lower:upper]`, either bound optional.
    case slice(lower: SQLExpression?, upper: SQLExpression?)
    /// Snowflake semi-structured path `:key` (the first step after a column).
    case path(Name)
}
