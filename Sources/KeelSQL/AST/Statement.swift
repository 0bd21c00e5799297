/// One SQL statement with its source range.
public struct Statement: Hashable, Sendable {
    /// What the statement is.
    public var kind: Kind
    /// Where it was written (without the terminating semicolon).
    public var range: SourceRange

    /// Creates a statement.
    public init(_ kind: Kind, range: SourceRange = .none) {
        self.kind = kind
        self.range = range
    }

    /// The kinds of statement. Statements Keel does not model become ``other(_:)``; statements the
    /// parser could not understand become ``invalid(_:)`` (and a diagnostic says why).
    public indirect enum Kind: Hashable, Sendable {
        case query(Query)
        case insert(Insert)
        case update(Update)
        case delete(Delete)
        case merge(Merge)
        case createTable(CreateTable)
        case createTableAs(CreateTableAs)
        case createView(CreateView)
        case alterTable(AlterTable)
        case createIndex(CreateIndex)
        /// `ALTER INDEX … RENAME TO|SET TABLESPACE|ATTACH PARTITION|…`
        case alterIndex(AlterTable)
        case drop(Drop)
        case truncate(Truncate)
        case createType(CreateType)
        case alterType(AlterType)
        case createDomain(CreateDomain)
        case comment(Comment)
        case createFunction(CreateFunction)
        case createTrigger(CreateTrigger)
        case transaction(TransactionStatement)
        case set(SetStatement)
        case maintenance(Maintenance)
        case refreshMaterializedView(RefreshMaterializedView)
        /// `EXPLAIN [ANALYZE] [(options)] statement`; options kept as text.
        case explain(Statement, options: String?)
        /// A statement Keel recognizes but does not model: `GRANT`, `CREATE SEQUENCE`, `COPY`, …
        case other(OtherStatement)
        /// A statement the parser could not understand; a diagnostic was emitted.
        case invalid(OtherStatement)
    }

    /// A short, upper-case name for the statement's kind, such as `SELECT`, `INSERT`, `CREATE TABLE`,
    /// `ALTER TABLE`, or the leading key words of an unmodeled statement (`GRANT`, `CREATE SEQUENCE`).
    public var kindName: String {
        switch kind {
        case .query: "SELECT"
        case .insert: "INSERT"
        case .update: "UPDATE"
        case .delete: "DELETE"
        case .merge: "MERGE"
        case .createTable: "CREATE TABLE"
        case .createTableAs: "CREATE TABLE AS"
        case .createView(let view): view.materialized ? "CREATE MATERIALIZED VIEW" : "CREATE VIEW"
        case .alterTable(let alter): "ALTER " + alter.objectKind
        case .createIndex: "CREATE INDEX"
        case .alterIndex: "ALTER INDEX"
        case .drop(let drop): "DROP " + drop.objectKind
        case .truncate: "TRUNCATE"
        case .createType: "CREATE TYPE"
        case .alterType: "ALTER TYPE"
        case .createDomain: "CREATE DOMAIN"
        case .comment: "COMMENT"
        case .createFunction(let function): function.isProcedure ? "CREATE PROCEDURE" : "CREATE FUNCTION"
        case .createTrigger: "CREATE TRIGGER"
        case .transaction(let statement): statement.kind.rawValue
        case .set(let statement): statement.command
        case .maintenance(let statement): statement.command
        case .refreshMaterializedView: "REFRESH MATERIALIZED VIEW"
        case .explain: "EXPLAIN"
        case .other(let other): other.kind
        case .invalid(let other): other.kind
        }
    }
}

/// A statement that is recognized but not modeled (or not understood).
public struct OtherStatement: Hashable, Sendable {
    /// The leading key words, upper-case: `GRANT`, `CREATE SEQUENCE`, `ALTER SEQUENCE`, `COPY`, …
    public var kind: String
    /// The object the statement names, when it is easy to tell (`CREATE SEQUENCE s` → `s`).
    public var object: ObjectName?

    /// Creates an unmodeled statement.
    public init(kind: String, object: ObjectName? = nil) {
        self.kind = kind
        self.object = object
    }
}

/// `BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT`, …
public struct TransactionStatement: Hashable, Sendable {
    /// Which transaction command.
    public enum Kind: String, Hashable, Sendable {
        case begin = "BEGIN", commit = "COMMIT", rollback = "ROLLBACK", savepoint = "SAVEPOINT"
        case releaseSavepoint = "RELEASE SAVEPOINT", rollbackToSavepoint = "ROLLBACK TO SAVEPOINT"
        case prepareTransaction = "PREPARE TRANSACTION", commitPrepared = "COMMIT PREPARED"
        case rollbackPrepared = "ROLLBACK PREPARED"
    }
    /// What kind it is.
    public var kind: Kind
    /// The savepoint name or prepared transaction id.
    public var name: String?
    /// Transaction modes (`ISOLATION LEVEL SERIALIZABLE`, `READ ONLY`, `AND CHAIN`), upper-case.
    public var modes: [String]

    /// Creates a transaction statement.
    public init(kind: Kind, name: String? = nil, modes: [String] = []) {
        self.kind = kind
        self.name = name
        self.modes = modes
    }
}

/// `SET [SESSION|LOCAL] name {TO|=} value, …`, `SET TIME ZONE …`, `RESET name|ALL`, `SET ROLE`, …
public struct SetStatement: Hashable, Sendable {
    /// `SET`, `SET LOCAL`, `SET SESSION`, `RESET`, …
    public var command: String
    /// The parameter, lower-case (`lock_timeout`, `search_path`, `time zone`, `all`, `constraints`,
    /// `transaction`, `role`, `session authorization`).
    public var parameter: String
    /// The values, as SQL text (`'5s'`, `0`, `on`, `public`); empty for `RESET` and `DEFAULT`.
    public var values: [String]
    /// `TO DEFAULT` / `= DEFAULT`.
    public var isDefault: Bool

    /// Creates a SET statement.
    public init(command: String, parameter: String, values: [String] = [], isDefault: Bool = false) {
        self.command = command
        self.parameter = parameter
        self.values = values
        self.isDefault = isDefault
    }
}

/// `VACUUM`, `ANALYZE`, `REINDEX` and `CLUSTER`.
public struct Maintenance: Hashable, Sendable {
    /// `VACUUM`, `ANALYZE`, `REINDEX` or `CLUSTER`.
    public var command: String
    /// Options: `FULL`, `FREEZE`, `VERBOSE`, `ANALYZE`, `CONCURRENTLY`, or parenthesized `name value`, upper-case.
    public var options: [String]
    /// For `REINDEX`: `INDEX`, `TABLE`, `SCHEMA`, `DATABASE` or `SYSTEM`.
    public var targetKind: String?
    /// The tables (or the index, schema, database) named, with columns for `VACUUM ANALYZE t (a, b)`.
    public var targets: [MaintenanceTarget]
    /// For `CLUSTER table USING index`.
    public var usingIndex: Name?

    /// Creates a maintenance statement.
    public init(command: String, options: [String] = [], targetKind: String? = nil, targets: [MaintenanceTarget] = [], usingIndex: Name? = nil) {
        self.command = command
        self.options = options
        self.targetKind = targetKind
        self.targets = targets
        self.usingIndex = usingIndex
    }

    /// Whether the statement runs with `CONCURRENTLY` (REINDEX).
    public var concurrently: Bool { options.contains("CONCURRENTLY") }
}

/// A table (or index) named by a maintenance command.
public struct MaintenanceTarget: Hashable, Sendable {
    /// The name.
    public var name: ObjectName
    /// The column names.
    public var columns: [Name]

    /// Creates a target.
    public init(name: ObjectName, columns: [Name] = []) {
        self.name = name
        self.columns = columns
    }
}

/// `REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]`.
public struct RefreshMaterializedView: Hashable, Sendable {
    /// The name.
    public var name: ObjectName
    /// Whether `CONCURRENTLY` was given.
    public var concurrently: Bool
    /// `false` for `WITH NO DATA`.
    public var withData: Bool

    /// Creates a REFRESH MATERIALIZED VIEW.
    public init(name: ObjectName, concurrently: Bool = false, withData: Bool = true) {
        self.name = name
        self.concurrently = concurrently
        self.withData = withData
    }
}
