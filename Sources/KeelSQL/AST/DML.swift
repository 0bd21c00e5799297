/// `INSERT INTO table [AS alias] [(columns)] {query | DEFAULT VALUES} [ON CONFLICT …] [RETURNING …]`.
public struct Insert: Hashable, Sendable {
    /// The `WITH` clause, if any.
    public var with: WithClause?
    /// The table.
    public var table: TableRef
    /// The alias, if any.
    public var alias: Name?
    /// The column names.
    public var columns: [Name]
    /// `OVERRIDING SYSTEM|USER VALUE`, upper-case (`SYSTEM` or `USER`).
    public var overriding: String?
    /// The rows: a query (including `VALUES`), or `nil` for `DEFAULT VALUES`.
    public var source: Query?
    /// The `ON CONFLICT` clause, if any.
    public var onConflict: OnConflict?
    /// The `RETURNING` list (empty when absent).
    public var returning: [SelectItem]

    /// Creates an INSERT.
    public init(
        with: WithClause? = nil, table: TableRef, alias: Name? = nil, columns: [Name] = [], overriding: String? = nil,
        source: Query?, onConflict: OnConflict? = nil, returning: [SelectItem] = []
    ) {
        self.with = with
        self.table = table
        self.alias = alias
        self.columns = columns
        self.overriding = overriding
        self.source = source
        self.onConflict = onConflict
        self.returning = returning
    }
}

/// `ON CONFLICT [target] DO NOTHING | DO UPDATE SET … [WHERE …]`.
public struct OnConflict: Hashable, Sendable {
    /// What the conflict is detected on.
    public enum Target: Hashable, Sendable {
        /// `(col, (expr), …) [WHERE predicate]`
        case columns([IndexElement], where: SQLExpression?)
        /// `ON CONSTRAINT name`
        case constraint(Name)
    }
    /// What to do.
    public enum Action: Hashable, Sendable {
        case nothing
        case update([Assignment], where: SQLExpression?)
    }
    /// The target.
    public var target: Target?
    /// What to do.
    public var action: Action

    /// Creates an ON CONFLICT clause.
    public init(target: Target?, action: Action) {
        self.target = target
        self.action = action
    }
}

/// `SET col = value`, `SET col[1] = value`, `SET (a, b) = (x, y)` or `SET (a, b) = (SELECT …)`.
public struct Assignment: Hashable, Sendable {
    /// The target columns (several for the row form).
    public var targets: [AssignmentTarget]
    /// The value; for the row form a ``SQLExpression/Kind/row(_:explicit:)`` or a subquery.
    public var value: SQLExpression

    /// Creates an assignment.
    public init(targets: [AssignmentTarget], value: SQLExpression) {
        self.targets = targets
        self.value = value
    }
}

/// One assigned column, with optional subscripts or field selection (`col[1]`, `col.field`).
public struct AssignmentTarget: Hashable, Sendable {
    /// The column.
    public var column: Name
    /// Subscripts or field selections after the column.
    public var path: [Accessor]

    /// Creates an assignment target.
    public init(column: Name, path: [Accessor] = []) {
        self.column = column
        self.path = path
    }
}

/// `UPDATE [ONLY] table [[AS] alias] SET … [FROM …] [WHERE …] [RETURNING …]`.
public struct Update: Hashable, Sendable {
    /// The `WITH` clause, if any.
    public var with: WithClause?
    /// The table.
    public var table: TableRef
    /// The alias, if any.
    public var alias: Name?
    /// The `SET` assignments.
    public var assignments: [Assignment]
    /// The `FROM` items.
    public var from: [FromItem]
    /// The `WHERE` condition, if any.
    public var `where`: SQLExpression?
    /// `WHERE CURRENT OF cursor`.
    public var currentOf: Name?
    /// The `RETURNING` list (empty when absent).
    public var returning: [SelectItem]

    /// Creates an UPDATE.
    public init(
        with: WithClause? = nil, table: TableRef, alias: Name? = nil, assignments: [Assignment], from: [FromItem] = [],
        where: SQLExpression? = nil, currentOf: Name? = nil, returning: [SelectItem] = []
    ) {
        self.with = with
        self.table = table
        self.alias = alias
        self.assignments = assignments
        self.from = from
        self.where = `where`
        self.currentOf = currentOf
        self.returning = returning
    }
}

/// `DELETE FROM [ONLY] table [[AS] alias] [USING …] [WHERE …] [RETURNING …]`.
public struct Delete: Hashable, Sendable {
    /// The `WITH` clause, if any.
    public var with: WithClause?
    /// The table.
    public var table: TableRef
    /// The alias, if any.
    public var alias: Name?
    /// The `USING` items.
    public var using: [FromItem]
    /// The `WHERE` condition, if any.
    public var `where`: SQLExpression?
    /// The cursor of `WHERE CURRENT OF`, if given.
    public var currentOf: Name?
    /// The `RETURNING` list (empty when absent).
    public var returning: [SelectItem]

    /// Creates a DELETE.
    public init(
        with: WithClause? = nil, table: TableRef, alias: Name? = nil, using: [FromItem] = [], where: SQLExpression? = nil,
        currentOf: Name? = nil, returning: [SelectItem] = []
    ) {
        self.with = with
        self.table = table
        self.alias = alias
        self.using = using
        self.where = `where`
        self.currentOf = currentOf
        self.returning = returning
    }
}

/// `MERGE INTO target [alias] USING source ON condition WHEN … THEN …`.
public struct Merge: Hashable, Sendable {
    /// The `WITH` clause, if any.
    public var with: WithClause?
    /// The target.
    public var target: TableRef
    /// The alias, if any.
    public var alias: Name?
    /// The source relation.
    public var source: FromItem
    /// The join condition.
    public var on: SQLExpression
    /// The `WHEN` clauses, in order.
    public var clauses: [MergeClause]
    /// The `RETURNING` list (empty when absent).
    public var returning: [SelectItem]

    /// Creates a MERGE.
    public init(
        with: WithClause? = nil, target: TableRef, alias: Name? = nil, source: FromItem, on: SQLExpression,
        clauses: [MergeClause], returning: [SelectItem] = []
    ) {
        self.with = with
        self.target = target
        self.alias = alias
        self.source = source
        self.on = on
        self.clauses = clauses
        self.returning = returning
    }
}

/// `WHEN [NOT] MATCHED [BY SOURCE|TARGET] [AND condition] THEN action`.
public struct MergeClause: Hashable, Sendable {
    /// Which rows the clause applies to.
    public enum Match: String, Hashable, Sendable {
        case matched = "MATCHED"
        case notMatched = "NOT MATCHED"
        case notMatchedBySource = "NOT MATCHED BY SOURCE"
    }
    /// What to do with them.
    public enum Action: Hashable, Sendable {
        case update([Assignment])
        case delete
        /// `INSERT [(columns)] [OVERRIDING …] VALUES (…)`; `values == nil` means `DEFAULT VALUES`.
        case insert(columns: [Name], values: [SQLExpression]?)
        case doNothing
    }
    /// Which rows the clause applies to.
    public var match: Match
    /// The condition.
    public var condition: SQLExpression?
    /// What to do.
    public var action: Action

    /// Creates a merge clause.
    public init(match: Match, condition: SQLExpression?, action: Action) {
        self.match = match
        self.condition = condition
        self.action = action
    }
}
