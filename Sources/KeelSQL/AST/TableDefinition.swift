/// `CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] name (…) | PARTITION OF parent …`.
public struct CreateTable: Hashable, Sendable {
    /// The name.
    public var name: ObjectName
    /// `TEMPORARY`, `TEMP`, `UNLOGGED`, `GLOBAL TEMPORARY`, … upper-case, if given.
    public var persistence: String?
    /// Whether `IF NOT EXISTS` was given.
    public var ifNotExists: Bool
    /// The elements, in order.
    public var elements: [TableElement]
    /// Parent tables from `INHERITS (…)`.
    public var inherits: [ObjectName]
    /// `PARTITION OF parent [(…)] FOR VALUES … | DEFAULT`.
    public var partitionOf: PartitionOf?
    /// `PARTITION BY RANGE|LIST|HASH (…)`.
    public var partitionBy: PartitionSpec?
    /// `OF type_name` (typed tables).
    public var ofType: ObjectName?
    /// `USING method`.
    public var accessMethod: Name?
    /// `WITH (fillfactor = 70, …)`, kept as `name=value` text.
    public var storageParameters: [StorageParameter]
    /// `ON COMMIT PRESERVE ROWS|DELETE ROWS|DROP`, upper-case.
    public var onCommit: String?
    /// The tablespace, if given.
    public var tablespace: Name?

    /// Creates a CREATE TABLE.
    public init(
        name: ObjectName, persistence: String? = nil, ifNotExists: Bool = false, elements: [TableElement] = [],
        inherits: [ObjectName] = [], partitionOf: PartitionOf? = nil, partitionBy: PartitionSpec? = nil,
        ofType: ObjectName? = nil, accessMethod: Name? = nil, storageParameters: [StorageParameter] = [],
        onCommit: String? = nil, tablespace: Name? = nil
    ) {
        self.name = name
        self.persistence = persistence
        self.ifNotExists = ifNotExists
        self.elements = elements
        self.inherits = inherits
        self.partitionOf = partitionOf
        self.partitionBy = partitionBy
        self.ofType = ofType
        self.accessMethod = accessMethod
        self.storageParameters = storageParameters
        self.onCommit = onCommit
        self.tablespace = tablespace
    }

    /// The column definitions, in order.
    public var columns: [ColumnDefinition] {
        elements.compactMap { if case .column(let column) = $0 { column } else { nil } }
    }
}

/// One element inside `CREATE TABLE (…)`.
public enum TableElement: Hashable, Sendable {
    case column(ColumnDefinition)
    case constraint(TableConstraint)
    /// `LIKE source [INCLUDING … | EXCLUDING …]` (options upper-case).
    case like(ObjectName, options: [String])
}

/// `name type [COLLATE c] [constraints…]`.
public struct ColumnDefinition: Hashable, Sendable {
    /// The name.
    public var name: Name
    /// `nil` for columns of a `PARTITION OF` table or typed table that only add constraints.
    public var type: TypeName?
    /// The collation, if any.
    public var collation: ObjectName?
    /// The constraints, in order.
    public var constraints: [ColumnConstraint]
    /// `STORAGE …` / `COMPRESSION …`, upper-case, if given.
    public var storage: String?
    /// `COMPRESSION` method, if given.
    public var compression: String?
    /// Where it was written.
    public var range: SourceRange

    /// Creates a column definition.
    public init(
        name: Name, type: TypeName?, collation: ObjectName? = nil, constraints: [ColumnConstraint] = [],
        storage: String? = nil, compression: String? = nil, range: SourceRange = .none
    ) {
        self.name = name
        self.type = type
        self.collation = collation
        self.constraints = constraints
        self.storage = storage
        self.compression = compression
        self.range = range
    }
}

/// `[CONSTRAINT name] constraint [DEFERRABLE …]` attached to a column.
public struct ColumnConstraint: Hashable, Sendable {
    /// The constraint.
    public enum Kind: Hashable, Sendable {
        case notNull
        case null
        case `default`(SQLExpression)
        case check(SQLExpression, noInherit: Bool)
        case unique(nullsNotDistinct: Bool, index: IndexParameters)
        case primaryKey(index: IndexParameters)
        case references(ForeignKeyReference)
        /// `GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(sequence options)]`; `always` is true for ALWAYS.
        case identity(always: Bool, options: String?)
        /// `GENERATED ALWAYS AS (expr) STORED`.
        case generated(SQLExpression, stored: Bool)
    }
    /// The name.
    public var name: Name?
    /// What kind it is.
    public var kind: Kind
    /// `NOT VALID`, `DEFERRABLE` and related attributes.
    public var attributes: ConstraintAttributes
    /// Where it was written.
    public var range: SourceRange

    /// Creates a column constraint.
    public init(name: Name? = nil, kind: Kind, attributes: ConstraintAttributes = .init(), range: SourceRange = .none) {
        self.name = name
        self.kind = kind
        self.attributes = attributes
        self.range = range
    }
}

/// `[CONSTRAINT name] CHECK|UNIQUE|PRIMARY KEY|FOREIGN KEY|EXCLUDE … [NOT VALID] [DEFERRABLE …]`.
public struct TableConstraint: Hashable, Sendable {
    /// The constraint.
    public enum Kind: Hashable, Sendable {
        case check(SQLExpression, noInherit: Bool)
        case unique(columns: [Name], nullsNotDistinct: Bool, index: IndexParameters)
        case primaryKey(columns: [Name], index: IndexParameters)
        case foreignKey(columns: [Name], references: ForeignKeyReference)
        case exclude(method: Name?, elements: [ExclusionElement], index: IndexParameters, where: SQLExpression?)
        /// `UNIQUE USING INDEX idx` / `PRIMARY KEY USING INDEX idx` (ALTER TABLE … ADD only).
        case usingIndex(primaryKey: Bool, index: Name)
    }
    /// The name.
    public var name: Name?
    /// What kind it is.
    public var kind: Kind
    /// `NOT VALID`, `DEFERRABLE` and related attributes.
    public var attributes: ConstraintAttributes
    /// Where it was written.
    public var range: SourceRange

    /// Creates a table constraint.
    public init(name: Name? = nil, kind: Kind, attributes: ConstraintAttributes = .init(), range: SourceRange = .none) {
        self.name = name
        self.kind = kind
        self.attributes = attributes
        self.range = range
    }
}

/// `NOT VALID`, `[NOT] DEFERRABLE`, `INITIALLY DEFERRED|IMMEDIATE`, `NO INHERIT`.
public struct ConstraintAttributes: Hashable, Sendable {
    /// Whether `NOT VALID` was given.
    public var notValid: Bool
    /// `true` for `DEFERRABLE`, `false` for `NOT DEFERRABLE`, `nil` when unspecified.
    public var deferrable: Bool?
    /// `true` for `INITIALLY DEFERRED`, `false` for `INITIALLY IMMEDIATE`, `nil` when unspecified.
    public var initiallyDeferred: Bool?
    /// Whether `NO INHERIT` was given.
    public var noInherit: Bool

    /// Creates constraint attributes.
    public init(notValid: Bool = false, deferrable: Bool? = nil, initiallyDeferred: Bool? = nil, noInherit: Bool = false) {
        self.notValid = notValid
        self.deferrable = deferrable
        self.initiallyDeferred = initiallyDeferred
        self.noInherit = noInherit
    }
}

/// `INCLUDE (…)`, `WITH (…)`, `USING INDEX TABLESPACE …` on UNIQUE / PRIMARY KEY / EXCLUDE.
public struct IndexParameters: Hashable, Sendable {
    /// `INCLUDE (…)` columns.
    public var include: [Name]
    /// Storage parameters from `WITH (…)`.
    public var storageParameters: [StorageParameter]
    /// The tablespace, if given.
    public var tablespace: Name?

    /// Creates index parameters.
    public init(include: [Name] = [], storageParameters: [StorageParameter] = [], tablespace: Name? = nil) {
        self.include = include
        self.storageParameters = storageParameters
        self.tablespace = tablespace
    }
}

/// `REFERENCES table [(columns)] [MATCH …] [ON DELETE …] [ON UPDATE …]`.
public struct ForeignKeyReference: Hashable, Sendable {
    /// The table.
    public var table: ObjectName
    /// The column names.
    public var columns: [Name]
    /// `FULL`, `PARTIAL` or `SIMPLE`.
    public var match: String?
    /// `ON DELETE` action, if given.
    public var onDelete: ReferentialAction?
    /// `ON UPDATE` action, if given.
    public var onUpdate: ReferentialAction?

    /// Creates a reference.
    public init(table: ObjectName, columns: [Name] = [], match: String? = nil, onDelete: ReferentialAction? = nil, onUpdate: ReferentialAction? = nil) {
        self.table = table
        self.columns = columns
        self.match = match
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }
}

/// What a foreign key does when the referenced row changes.
public enum ReferentialAction: Hashable, Sendable {
    case noAction, restrict, cascade
    case setNull([Name])
    case setDefault([Name])
}

/// `element WITH operator` in `EXCLUDE USING gist (…)`.
public struct ExclusionElement: Hashable, Sendable {
    /// The index element.
    public var element: IndexElement
    /// The operator.
    public var op: String

    /// Creates an exclusion element.
    public init(element: IndexElement, op: String) {
        self.element = element
        self.op = op
    }
}

/// `name [= value]` inside `WITH (…)`; the value is kept as SQL text.
public struct StorageParameter: Hashable, Sendable {
    /// The name.
    public var name: String
    /// The value.
    public var value: String?

    /// Creates a storage parameter.
    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// `PARTITION BY RANGE|LIST|HASH (key, …)`.
public struct PartitionSpec: Hashable, Sendable {
    /// `RANGE`, `LIST` or `HASH`, upper-case.
    public var strategy: String
    /// The partition key elements.
    public var keys: [IndexElement]

    /// Creates a partition spec.
    public init(strategy: String, keys: [IndexElement]) {
        self.strategy = strategy
        self.keys = keys
    }
}

/// `PARTITION OF parent FOR VALUES …` or `DEFAULT`.
public struct PartitionOf: Hashable, Sendable {
    /// The partitioned parent table.
    public var parent: ObjectName
    /// The partition bound.
    public var bound: PartitionBound

    /// Creates a PARTITION OF clause.
    public init(parent: ObjectName, bound: PartitionBound) {
        self.parent = parent
        self.bound = bound
    }
}

/// A partition bound.
public enum PartitionBound: Hashable, Sendable {
    /// `FOR VALUES IN (…)`
    case list([SQLExpression])
    /// `FOR VALUES FROM (…) TO (…)` (`MINVALUE`/`MAXVALUE` appear as column references).
    case range(from: [SQLExpression], to: [SQLExpression])
    /// `FOR VALUES WITH (MODULUS m, REMAINDER r)`
    case hash(modulus: Int, remainder: Int)
    /// `DEFAULT`
    case `default`
}

/// `CREATE TABLE … AS query [WITH [NO] DATA]`, and `CREATE TABLE … AS EXECUTE`.
public struct CreateTableAs: Hashable, Sendable {
    /// The name.
    public var name: ObjectName
    /// `TEMPORARY` / `UNLOGGED`, if given.
    public var persistence: String?
    /// Whether `IF NOT EXISTS` was given.
    public var ifNotExists: Bool
    /// The column names.
    public var columns: [Name]
    /// The query.
    public var query: Query
    /// `false` for `WITH NO DATA`.
    public var withData: Bool

    /// Creates a CREATE TABLE AS.
    public init(name: ObjectName, persistence: String? = nil, ifNotExists: Bool = false, columns: [Name] = [], query: Query, withData: Bool = true) {
        self.name = name
        self.persistence = persistence
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.query = query
        self.withData = withData
    }
}

/// `CREATE [OR REPLACE] [TEMP] [RECURSIVE] [MATERIALIZED] VIEW name [(columns)] AS query`.
public struct CreateView: Hashable, Sendable {
    /// The name.
    public var name: ObjectName
    /// Whether `OR REPLACE` was given.
    public var orReplace: Bool
    /// Whether the view is materialized.
    public var materialized: Bool
    /// Whether the view is temporary.
    public var temporary: Bool
    /// Whether `RECURSIVE` was given.
    public var recursive: Bool
    /// Whether `IF NOT EXISTS` was given.
    public var ifNotExists: Bool
    /// The column names.
    public var columns: [Name]
    /// Options from `WITH (…)`.
    public var options: [StorageParameter]
    /// The query.
    public var query: Query
    /// `WITH [CASCADED|LOCAL] CHECK OPTION`, upper-case.
    public var checkOption: String?
    /// For materialized views: `false` for `WITH NO DATA`.
    public var withData: Bool

    /// Creates a CREATE VIEW.
    public init(
        name: ObjectName, orReplace: Bool = false, materialized: Bool = false, temporary: Bool = false,
        recursive: Bool = false, ifNotExists: Bool = false, columns: [Name] = [], options: [StorageParameter] = [],
        query: Query, checkOption: String? = nil, withData: Bool = true
    ) {
        self.name = name
        self.orReplace = orReplace
        self.materialized = materialized
        self.temporary = temporary
        self.recursive = recursive
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.options = options
        self.query = query
        self.checkOption = checkOption
        self.withData = withData
    }
}
