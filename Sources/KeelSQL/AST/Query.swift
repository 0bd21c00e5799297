/// A query: `[WITH …] body [ORDER BY …] [LIMIT …] [OFFSET …] [FETCH …] [FOR UPDATE …]`.
public struct Query: Hashable, Sendable {
    /// The `WITH` clause, if any.
    public var with: WithClause?
    /// The query body.
    public var body: QueryBody
    /// The `ORDER BY` items.
    public var orderBy: [OrderItem]
    /// `LIMIT`, `OFFSET` and `FETCH`, if any.
    public var limit: Limit?
    /// `FOR UPDATE` / `FOR SHARE` clauses.
    public var locking: [LockingClause]
    /// Where it was written.
    public var range: SourceRange

    /// Creates a query.
    public init(
        with: WithClause? = nil, body: QueryBody, orderBy: [OrderItem] = [], limit: Limit? = nil,
        locking: [LockingClause] = [], range: SourceRange = .none
    ) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.locking = locking
        self.range = range
    }
}

/// The core of a query.
public indirect enum QueryBody: Hashable, Sendable {
    /// `SELECT …`
    case select(Select)
    /// `a UNION [ALL] b`, `INTERSECT`, `EXCEPT`.
    case setOperation(SetOperation)
    /// `VALUES (…), (…)`
    case values(Values)
    /// `(query)`, keeping the inner query's own ORDER BY / LIMIT.
    case nested(Query)
    /// `TABLE name`
    case table(TableRef)
}

/// `WITH [RECURSIVE] name AS (…), …`.
public struct WithClause: Hashable, Sendable {
    /// Whether `RECURSIVE` was given.
    public var recursive: Bool
    /// The common table expressions, in order.
    public var ctes: [CommonTableExpression]
    /// Where it was written.
    public var range: SourceRange

    /// Creates a WITH clause.
    public init(recursive: Bool, ctes: [CommonTableExpression], range: SourceRange = .none) {
        self.recursive = recursive
        self.ctes = ctes
        self.range = range
    }
}

/// One `name [(columns)] AS [[NOT] MATERIALIZED] (statement)`.
public struct CommonTableExpression: Hashable, Sendable {
    /// The name.
    public var name: Name
    /// The column names.
    public var columns: [Name]
    /// `true` for `MATERIALIZED`, `false` for `NOT MATERIALIZED`, `nil` when unspecified.
    public var materialized: Bool?
    /// A query, or a data-modifying statement with `RETURNING`.
    public var statement: Statement
    /// `SEARCH` and `CYCLE` clauses, kept as text.
    public var searchCycle: String?
    /// Where it was written.
    public var range: SourceRange

    /// Creates a CTE.
    public init(
        name: Name, columns: [Name] = [], materialized: Bool? = nil, statement: Statement, searchCycle: String? = nil,
        range: SourceRange = .none
    ) {
        self.name = name
        self.columns = columns
        self.materialized = materialized
        self.statement = statement
        self.searchCycle = searchCycle
        self.range = range
    }

    /// The CTE's query, when it is a plain query.
    public var query: Query? {
        if case .query(let query) = statement.kind { return query }
        return nil
    }
}

/// `SELECT …` with every clause PostgreSQL and the warehouses allow.
public struct Select: Hashable, Sendable {
    /// `DISTINCT`, `DISTINCT ON (…)` or `ALL`, if given.
    public var distinct: Distinct?
    /// The items, in order.
    public var items: [SelectItem]
    /// `SELECT … INTO [TEMP] new_table` (PostgreSQL's CREATE TABLE AS spelling).
    public var into: IntoClause?
    /// The `FROM` items.
    public var from: [FromItem]
    /// The `WHERE` condition, if any.
    public var `where`: SQLExpression?
    /// The `GROUP BY` clause, if any.
    public var groupBy: GroupBy?
    /// The `HAVING` condition, if any.
    public var having: SQLExpression?
    /// Named windows from the `WINDOW` clause.
    public var windows: [NamedWindow]
    /// Snowflake / BigQuery `QUALIFY`.
    public var qualify: SQLExpression?
    /// Where it was written.
    public var range: SourceRange

    /// Creates a SELECT.
    public init(
        distinct: Distinct? = nil, items: [SelectItem], into: IntoClause? = nil, from: [FromItem] = [],
        where: SQLExpression? = nil, groupBy: GroupBy? = nil, having: SQLExpression? = nil, windows: [NamedWindow] = [],
        qualify: SQLExpression? = nil, range: SourceRange = .none
    ) {
        self.distinct = distinct
        self.items = items
        self.into = into
        self.from = from
        self.where = `where`
        self.groupBy = groupBy
        self.having = having
        self.windows = windows
        self.qualify = qualify
        self.range = range
    }
}

/// `DISTINCT`, `DISTINCT ON (…)` or an explicit `ALL`.
public enum Distinct: Hashable, Sendable {
    case all
    case distinct
    case distinctOn([SQLExpression])
}

/// `INTO [TEMPORARY|UNLOGGED] [TABLE] name`.
public struct IntoClause: Hashable, Sendable {
    /// The table.
    public var table: ObjectName
    /// `TEMPORARY`, `TEMP`, `UNLOGGED` … upper-case, if given.
    public var persistence: String?

    /// Creates an INTO clause.
    public init(table: ObjectName, persistence: String? = nil) {
        self.table = table
        self.persistence = persistence
    }
}

/// One output column: `expr [[AS] alias]`, `*` or `t.*`.
public struct SelectItem: Hashable, Sendable {
    /// The expression.
    public var expression: SQLExpression
    /// The alias, if any.
    public var alias: Name?
    /// Where it was written.
    public var range: SourceRange

    /// Creates a select item.
    public init(expression: SQLExpression, alias: Name? = nil, range: SourceRange = .none) {
        self.expression = expression
        self.alias = alias
        self.range = range
    }
}

/// `GROUP BY [ALL|DISTINCT] elements`.
public struct GroupBy: Hashable, Sendable {
    /// `GROUP BY DISTINCT`.
    public var distinct: Bool
    /// BigQuery / DuckDB `GROUP BY ALL`.
    public var all: Bool
    /// The elements, in order.
    public var elements: [GroupingElement]

    /// Creates a GROUP BY.
    public init(distinct: Bool = false, all: Bool = false, elements: [GroupingElement]) {
        self.distinct = distinct
        self.all = all
        self.elements = elements
    }
}

/// One GROUP BY element.
public indirect enum GroupingElement: Hashable, Sendable {
    case expression(SQLExpression)
    /// `()`
    case empty
    case rollup([SQLExpression])
    case cube([SQLExpression])
    case groupingSets([GroupingElement])
}

/// `WINDOW name AS (spec)`.
public struct NamedWindow: Hashable, Sendable {
    /// The name.
    public var name: Name
    /// The window.
    public var spec: WindowSpec

    /// Creates a named window.
    public init(name: Name, spec: WindowSpec) {
        self.name = name
        self.spec = spec
    }
}

/// `expr [ASC|DESC|USING op] [NULLS FIRST|LAST]`.
public struct OrderItem: Hashable, Sendable {
    /// The sort direction.
    public enum Direction: Hashable, Sendable {
        case ascending, descending
        case using(String)
    }
    /// The expression.
    public var expression: SQLExpression
    /// The sort direction, if given.
    public var direction: Direction?
    /// `true` for `NULLS FIRST`, `false` for `NULLS LAST`, `nil` when unspecified.
    public var nullsFirst: Bool?

    /// Creates an ORDER BY item.
    public init(expression: SQLExpression, direction: Direction? = nil, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.direction = direction
        self.nullsFirst = nullsFirst
    }
}

/// `LIMIT`, `OFFSET` and `FETCH FIRST`.
public struct Limit: Hashable, Sendable {
    /// The row limit; `nil` with `limitAll == false` means no LIMIT/FETCH clause.
    public var count: SQLExpression?
    /// `LIMIT ALL`.
    public var limitAll: Bool
    /// The `OFFSET`, if any.
    public var offset: SQLExpression?
    /// Written as `FETCH FIRST n ROWS ONLY|WITH TIES`.
    public var isFetch: Bool
    /// `FETCH … WITH TIES`.
    public var withTies: Bool

    /// Creates a limit.
    public init(count: SQLExpression? = nil, limitAll: Bool = false, offset: SQLExpression? = nil, isFetch: Bool = false, withTies: Bool = false) {
        self.count = count
        self.limitAll = limitAll
        self.offset = offset
        self.isFetch = isFetch
        self.withTies = withTies
    }
}

/// `FOR UPDATE|NO KEY UPDATE|SHARE|KEY SHARE [OF t, …] [NOWAIT|SKIP LOCKED]`.
public struct LockingClause: Hashable, Sendable {
    /// The lock strength, upper-case (`UPDATE`, `NO KEY UPDATE`, `SHARE`, `KEY SHARE`).
    public var strength: String
    /// The tables.
    public var tables: [ObjectName]
    /// `NOWAIT` or `SKIP LOCKED`, if given.
    public var waitPolicy: String?

    /// Creates a locking clause.
    public init(strength: String, tables: [ObjectName] = [], waitPolicy: String? = nil) {
        self.strength = strength
        self.tables = tables
        self.waitPolicy = waitPolicy
    }
}

/// `left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right`.
public struct SetOperation: Hashable, Sendable {
    /// The operator.
    public enum Operator: String, Hashable, Sendable { case union = "UNION", intersect = "INTERSECT", except = "EXCEPT" }
    /// The operator.
    public var op: Operator
    /// Whether `ALL` was given.
    public var all: Bool
    /// An explicit `DISTINCT`.
    public var distinct: Bool
    /// BigQuery / DuckDB `UNION ALL BY NAME` style modifiers are not modeled.
    public var left: QueryBody
    /// The right operand.
    public var right: QueryBody

    /// Creates a set operation.
    public init(op: Operator, all: Bool, distinct: Bool = false, left: QueryBody, right: QueryBody) {
        self.op = op
        self.all = all
        self.distinct = distinct
        self.left = left
        self.right = right
    }
}

/// `VALUES (a, b), (c, d)`.
public struct Values: Hashable, Sendable {
    /// The rows.
    public var rows: [[SQLExpression]]
    /// Where it was written.
    public var range: SourceRange

    /// Creates a VALUES list.
    public init(rows: [[SQLExpression]], range: SourceRange = .none) {
        self.rows = rows
        self.range = range
    }
}
