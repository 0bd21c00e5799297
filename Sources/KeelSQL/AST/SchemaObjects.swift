/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table [USING method] (…)`.
public struct CreateIndex: Hashable, Sendable {
    /// Whether the index is `UNIQUE`.
    public var unique: Bool
    /// Whether `CONCURRENTLY` was given.
    public var concurrently: Bool
    /// Whether `IF NOT EXISTS` was given.
    public var ifNotExists: Bool
    /// The name.
    public var name: Name?
    /// Whether `ONLY` was given (no inheritance children).
    public var only: Bool
    /// The table.
    public var table: ObjectName
    /// The access method (`USING …`), if given.
    public var method: Name?
    /// The elements, in order.
    public var elements: [IndexElement]
    /// `INCLUDE (…)` columns.
    public var include: [Name]
    /// The nulls not distinct.
    public var nullsNotDistinct: Bool
    /// Storage parameters from `WITH (…)`.
    public var storageParameters: [StorageParameter]
    /// The tablespace, if given.
    public var tablespace: Name?
    /// The `WHERE` condition, if any.
    public var `where`: SQLExpression?

    /// Creates a CREATE INDEX.
    public init(
        unique: Bool = false, concurrently: Bool = false, ifNotExists: Bool = false, name: Name?, only: Bool = false,
        table: ObjectName, method: Name? = nil, elements: [IndexElement], include: [Name] = [],
        nullsNotDistinct: Bool = false, storageParameters: [StorageParameter] = [], tablespace: Name? = nil,
        where: SQLExpression? = nil
    ) {
        self.unique = unique
        self.concurrently = concurrently
        self.ifNotExists = ifNotExists
        self.name = name
        self.only = only
        self.table = table
        self.method = method
        self.elements = elements
        self.include = include
        self.nullsNotDistinct = nullsNotDistinct
        self.storageParameters = storageParameters
        self.tablespace = tablespace
        self.where = `where`
    }
}

/// One index key: `column` or `(expression)`, with collation, operator class and ordering.
public struct IndexElement: Hashable, Sendable {
    /// A column reference for plain columns, any expression otherwise.
    public var expression: SQLExpression
    /// The collation, if any.
    public var collation: ObjectName?
    /// The operator class, if given.
    public var operatorClass: ObjectName?
    /// Operator class parameters `(…)`, kept as text.
    public var operatorClassParameters: String?
    /// The sort direction, if given.
    public var direction: OrderItem.Direction?
    /// `true` for `NULLS FIRST`, `false` for `NULLS LAST`, `nil` when unspecified.
    public var nullsFirst: Bool?

    /// Creates an index element.
    public init(
        expression: SQLExpression, collation: ObjectName? = nil, operatorClass: ObjectName? = nil,
        operatorClassParameters: String? = nil, direction: OrderItem.Direction? = nil, nullsFirst: Bool? = nil
    ) {
        self.expression = expression
        self.collation = collation
        self.operatorClass = operatorClass
        self.operatorClassParameters = operatorClassParameters
        self.direction = direction
        self.nullsFirst = nullsFirst
    }
}

/// `DROP kind [CONCURRENTLY] [IF EXISTS] name, … [CASCADE|RESTRICT]`.
public struct Drop: Hashable, Sendable {
    /// The object kind, upper-case: `TABLE`, `VIEW`, `MATERIALIZED VIEW`, `INDEX`, `TYPE`, `DOMAIN`,
    /// `SEQUENCE`, `SCHEMA`, `FUNCTION`, `TRIGGER`, `EXTENSION`, …
    public var objectKind: String
    /// Whether `CONCURRENTLY` was given.
    public var concurrently: Bool
    /// Whether `IF EXISTS` was given.
    public var ifExists: Bool
    /// The objects named.
    public var names: [ObjectName]
    /// `ON table` for `DROP TRIGGER|RULE|POLICY name ON table`.
    public var onTable: ObjectName?
    /// `CASCADE` or `RESTRICT`, if given.
    public var behavior: DropBehavior?

    /// Creates a DROP.
    public init(objectKind: String, concurrently: Bool = false, ifExists: Bool = false, names: [ObjectName], onTable: ObjectName? = nil, behavior: DropBehavior? = nil) {
        self.objectKind = objectKind
        self.concurrently = concurrently
        self.ifExists = ifExists
        self.names = names
        self.onTable = onTable
        self.behavior = behavior
    }
}

/// `TRUNCATE [TABLE] [ONLY] name [*], … [RESTART|CONTINUE IDENTITY] [CASCADE|RESTRICT]`.
public struct Truncate: Hashable, Sendable {
    /// The tables.
    public var tables: [TableRef]
    /// Whether `RESTART IDENTITY` was given.
    public var restartIdentity: Bool
    /// `CASCADE` or `RESTRICT`, if given.
    public var behavior: DropBehavior?

    /// Creates a TRUNCATE.
    public init(tables: [TableRef], restartIdentity: Bool = false, behavior: DropBehavior? = nil) {
        self.tables = tables
        self.restartIdentity = restartIdentity
        self.behavior = behavior
    }
}

/// `CREATE TYPE name AS ENUM (…) | AS (…) | AS RANGE (…) | (base options) | name`.
public struct CreateType: Hashable, Sendable {
    /// The type's definition.
    public enum Definition: Hashable, Sendable {
        case enumeration([String])
        case composite([ColumnDefinition])
        /// `AS RANGE (…)` options, as text.
        case range([StorageParameter])
        /// A base type `(INPUT = …, …)`, as text.
        case base([StorageParameter])
        /// A shell type: `CREATE TYPE name`.
        case shell
    }
    /// The name.
    public var name: ObjectName
    /// The definition.
    public var definition: Definition

    /// Creates a CREATE TYPE.
    public init(name: ObjectName, definition: Definition) {
        self.name = name
        self.definition = definition
    }
}

/// `ALTER TYPE name action`.
public struct AlterType: Hashable, Sendable {
    /// What changes.
    public enum Action: Hashable, Sendable {
        /// `ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w']`; `before` is true for BEFORE.
        case addValue(String, ifNotExists: Bool, before: Bool?, neighbor: String?)
        /// `RENAME VALUE 'old' TO 'new'`
        case renameValue(String, to: String)
        /// `RENAME TO new`
        case rename(to: Name)
        /// `OWNER TO role`
        case ownerTo(Name)
        /// `SET SCHEMA name`
        case setSchema(Name)
        /// Attribute changes and other forms, kept as text.
        case other(String)
    }
    /// The name.
    public var name: ObjectName
    /// What to do.
    public var action: Action

    /// Creates an ALTER TYPE.
    public init(name: ObjectName, action: Action) {
        self.name = name
        self.action = action
    }
}

/// `CREATE DOMAIN name [AS] type [COLLATE c] [DEFAULT e] [constraints…]`.
public struct CreateDomain: Hashable, Sendable {
    /// The name.
    public var name: ObjectName
    /// The data type.
    public var type: TypeName
    /// The collation, if any.
    public var collation: ObjectName?
    /// The default value, if any.
    public var defaultValue: SQLExpression?
    /// `NOT NULL`, `NULL` and `CHECK (…)` constraints (``ColumnConstraint/Kind/notNull``, …).
    public var constraints: [ColumnConstraint]

    /// Creates a CREATE DOMAIN.
    public init(name: ObjectName, type: TypeName, collation: ObjectName? = nil, defaultValue: SQLExpression? = nil, constraints: [ColumnConstraint] = []) {
        self.name = name
        self.type = type
        self.collation = collation
        self.defaultValue = defaultValue
        self.constraints = constraints
    }
}

/// `COMMENT ON kind object IS 'text' | NULL`.
public struct Comment: Hashable, Sendable {
    /// The object kind, upper-case: `TABLE`, `COLUMN`, `VIEW`, `FUNCTION`, `CONSTRAINT`, …
    public var objectKind: String
    /// The object's name; for `COLUMN` the last part is the column.
    public var object: ObjectName
    /// `ON table` for `COMMENT ON CONSTRAINT|TRIGGER|POLICY|RULE name ON table`.
    public var onTable: ObjectName?
    /// Function or aggregate argument types, as text, e.g. `(integer, text)`.
    public var arguments: String?
    /// The comment, or `nil` for `IS NULL`.
    public var text: String?

    /// Creates a COMMENT ON.
    public init(objectKind: String, object: ObjectName, onTable: ObjectName? = nil, arguments: String? = nil, text: String?) {
        self.objectKind = objectKind
        self.object = object
        self.onTable = onTable
        self.arguments = arguments
        self.text = text
    }
}
