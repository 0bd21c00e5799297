/// A reference to a table, view or other relation by name: distinct from a column reference.
public struct TableRef: Hashable, Sendable {
    /// The name.
    public var name: ObjectName
    /// `ONLY name` (no inheritance children).
    public var only: Bool
    /// `name *` (explicit inheritance).
    public var descendants: Bool
    /// Where it was written.
    public var range: SourceRange

    /// Creates a table reference.
    public init(name: ObjectName, only: Bool = false, descendants: Bool = false, range: SourceRange = .none) {
        self.name = name
        self.only = only
        self.descendants = descendants
        self.range = range
    }
}

/// `AS alias (col, …)`, or for functions `AS alias (col type, …)`.
public struct TableAlias: Hashable, Sendable {
    /// The name.
    public var name: Name
    /// The column names.
    public var columns: [Name]
    /// Column definitions for record-returning functions: `AS t(a int, b text)`.
    public var columnDefinitions: [ColumnDefinition]

    /// Creates an alias.
    public init(name: Name, columns: [Name] = [], columnDefinitions: [ColumnDefinition] = []) {
        self.name = name
        self.columns = columns
        self.columnDefinitions = columnDefinitions
    }
}

/// One item of a FROM clause.
public indirect enum FromItem: Hashable, Sendable {
    /// A named relation.
    case table(TableFrom)
    /// `[LATERAL] (SELECT …) [AS] alias`, or `(VALUES …) alias`.
    case subquery(SubqueryFrom)
    /// `[LATERAL] f(…) [WITH ORDINALITY] [AS] alias`, `ROWS FROM (f(), g())`, `UNNEST(…)`, `FLATTEN(input => …)`.
    case function(FunctionFrom)
    /// A join.
    case join(Join)
    /// `(a JOIN b ON …) [AS alias]`.
    case nested(FromItem, alias: TableAlias?, range: SourceRange)
    /// An unrendered template `{{ ref('x') }}` used as a relation (a diagnostic was emitted).
    case template(String, alias: TableAlias?, range: SourceRange)

    /// The item's source range.
    public var range: SourceRange {
        switch self {
        case .table(let item): item.range
        case .subquery(let item): item.range
        case .function(let item): item.range
        case .join(let item): item.range
        case .nested(_, _, let range): range
        case .template(_, _, let range): range
        }
    }
}

/// A named relation in FROM: `[ONLY] name [*] [[AS] alias] [TABLESAMPLE …]`.
public struct TableFrom: Hashable, Sendable {
    /// The table.
    public var table: TableRef
    /// The alias, if any.
    public var alias: TableAlias?
    /// `TABLESAMPLE method (args) [REPEATABLE (seed)]`, kept as text.
    public var sample: String?
    /// Where it was written.
    public var range: SourceRange

    /// Creates a table item.
    public init(table: TableRef, alias: TableAlias? = nil, sample: String? = nil, range: SourceRange = .none) {
        self.table = table
        self.alias = alias
        self.sample = sample
        self.range = range
    }
}

/// A derived table.
public struct SubqueryFrom: Hashable, Sendable {
    /// Whether `LATERAL` was given.
    public var lateral: Bool
    /// The query.
    public var query: Query
    /// The alias, if any.
    public var alias: TableAlias?
    /// Where it was written.
    public var range: SourceRange

    /// Creates a derived table.
    public init(lateral: Bool = false, query: Query, alias: TableAlias? = nil, range: SourceRange = .none) {
        self.lateral = lateral
        self.query = query
        self.alias = alias
        self.range = range
    }
}

/// A set-returning function in FROM.
public struct FunctionFrom: Hashable, Sendable {
    /// Whether `LATERAL` was given.
    public var lateral: Bool
    /// One call, or several for `ROWS FROM (…)`.
    public var functions: [SQLExpression]
    /// Written as `ROWS FROM (…)`.
    public var rowsFrom: Bool
    /// The with ordinality.
    public var withOrdinality: Bool
    /// The alias, if any.
    public var alias: TableAlias?
    /// Where it was written.
    public var range: SourceRange

    /// Creates a function item.
    public init(
        lateral: Bool = false, functions: [SQLExpression], rowsFrom: Bool = false, withOrdinality: Bool = false,
        alias: TableAlias? = nil, range: SourceRange = .none
    ) {
        self.lateral = lateral
        self.functions = functions
        self.rowsFrom = rowsFrom
        self.withOrdinality = withOrdinality
        self.alias = alias
        self.range = range
    }
}

/// `left [NATURAL] [INNER|LEFT|RIGHT|FULL|CROSS] JOIN right [ON …|USING (…)]`.
public struct Join: Hashable, Sendable {
    /// The join type.
    public enum Kind: String, Hashable, Sendable {
        case inner = "JOIN", left = "LEFT JOIN", right = "RIGHT JOIN", full = "FULL JOIN", cross = "CROSS JOIN"
    }
    /// The join condition.
    public enum Condition: Hashable, Sendable {
        case on(SQLExpression)
        /// `USING (a, b) [AS alias]`.
        case using([Name], alias: Name?)
        case natural
        case none
    }
    /// What kind it is.
    public var kind: Kind
    /// The left operand.
    public var left: FromItem
    /// The right operand.
    public var right: FromItem
    /// The condition.
    public var condition: Condition
    /// Where it was written.
    public var range: SourceRange

    /// Creates a join.
    public init(kind: Kind, left: FromItem, right: FromItem, condition: Condition, range: SourceRange = .none) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
        self.range = range
    }
}
