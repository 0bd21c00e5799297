/// `ALTER TABLE [IF EXISTS] [ONLY] name action, …` (also `ALTER FOREIGN TABLE`, and `ALTER VIEW` /
/// `ALTER MATERIALIZED VIEW` / `ALTER INDEX` forms that share the actions).
public struct AlterTable: Hashable, Sendable {
    /// `TABLE`, `FOREIGN TABLE`, `VIEW`, `MATERIALIZED VIEW`, `INDEX` or `SEQUENCE`, upper-case.
    public var objectKind: String
    /// Whether `IF EXISTS` was given.
    public var ifExists: Bool
    /// Whether `ONLY` was given (no inheritance children).
    public var only: Bool
    /// The name.
    public var name: ObjectName
    /// The actions.
    public var actions: [AlterTableAction]

    /// Creates an ALTER TABLE.
    public init(objectKind: String = "TABLE", ifExists: Bool = false, only: Bool = false, name: ObjectName, actions: [AlterTableAction]) {
        self.objectKind = objectKind
        self.ifExists = ifExists
        self.only = only
        self.name = name
        self.actions = actions
    }
}

/// One ALTER TABLE subcommand, each one the migration linter can classify by lock level.
public enum AlterTableAction: Hashable, Sendable {
    /// `ADD [COLUMN] [IF NOT EXISTS] definition`
    case addColumn(ColumnDefinition, ifNotExists: Bool)
    /// `DROP [COLUMN] [IF EXISTS] name [CASCADE|RESTRICT]`
    case dropColumn(Name, ifExists: Bool, behavior: DropBehavior?)
    /// `ALTER [COLUMN] name [SET DATA] TYPE type [COLLATE c] [USING expr]`
    case alterColumnType(Name, type: TypeName, collation: ObjectName?, using: SQLExpression?)
    /// `ALTER [COLUMN] name SET DEFAULT expr`
    case setDefault(Name, SQLExpression)
    /// `ALTER [COLUMN] name DROP DEFAULT`
    case dropDefault(Name)
    /// `ALTER [COLUMN] name SET NOT NULL`
    case setNotNull(Name)
    /// `ALTER [COLUMN] name DROP NOT NULL`
    case dropNotNull(Name)
    /// `ALTER [COLUMN] name DROP EXPRESSION [IF EXISTS]`
    case dropExpression(Name, ifExists: Bool)
    /// `ALTER [COLUMN] name ADD GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(options)]`
    case addIdentity(Name, always: Bool, options: String?)
    /// `ALTER [COLUMN] name SET GENERATED … | SET sequence_option | RESTART`, kept as text.
    case alterIdentity(Name, text: String)
    /// `ALTER [COLUMN] name DROP IDENTITY [IF EXISTS]`
    case dropIdentity(Name, ifExists: Bool)
    /// `ALTER [COLUMN] name SET STATISTICS n`
    case setStatistics(Name, Int)
    /// `ALTER [COLUMN] name SET (…)` / `RESET (…)`
    case setColumnOptions(Name, [StorageParameter], reset: Bool)
    /// `ALTER [COLUMN] name SET STORAGE PLAIN|EXTERNAL|EXTENDED|MAIN`
    case setStorage(Name, String)
    /// `ALTER [COLUMN] name SET COMPRESSION method`
    case setCompression(Name, String)
    /// `ADD table_constraint [NOT VALID]`
    case addConstraint(TableConstraint)
    /// `ALTER CONSTRAINT name [NOT] DEFERRABLE …`
    case alterConstraint(Name, ConstraintAttributes)
    /// `VALIDATE CONSTRAINT name`
    case validateConstraint(Name)
    /// `DROP CONSTRAINT [IF EXISTS] name [CASCADE|RESTRICT]`
    case dropConstraint(Name, ifExists: Bool, behavior: DropBehavior?)
    /// `RENAME CONSTRAINT old TO new`
    case renameConstraint(Name, to: Name)
    /// `RENAME [COLUMN] old TO new`
    case renameColumn(Name, to: Name)
    /// `RENAME TO new`
    case renameTable(to: Name)
    /// `SET SCHEMA name`
    case setSchema(Name)
    /// `ENABLE [REPLICA|ALWAYS] TRIGGER name|ALL|USER`; `trigger` is `nil` for ALL, and `mode` upper-case.
    case enableTrigger(Name?, all: Bool, user: Bool, mode: String?)
    /// `DISABLE TRIGGER name|ALL|USER`
    case disableTrigger(Name?, all: Bool, user: Bool)
    /// `ENABLE [REPLICA|ALWAYS] RULE name`
    case enableRule(Name, mode: String?)
    /// `DISABLE RULE name`
    case disableRule(Name)
    /// `ENABLE|DISABLE|FORCE|NO FORCE ROW LEVEL SECURITY`, upper-case.
    case rowLevelSecurity(String)
    /// `CLUSTER ON index`
    case clusterOn(Name)
    /// `SET WITHOUT CLUSTER`
    case setWithoutCluster
    /// `SET WITHOUT OIDS`
    case setWithoutOids
    /// `SET ACCESS METHOD name`
    case setAccessMethod(Name)
    /// `SET TABLESPACE name`
    case setTablespace(Name)
    /// `SET LOGGED`
    case setLogged
    /// `SET UNLOGGED`
    case setUnlogged
    /// `SET (storage_parameter = value, …)`
    case setStorageParameters([StorageParameter])
    /// `RESET (storage_parameter, …)`
    case resetStorageParameters([String])
    /// `INHERIT parent`
    case inherit(ObjectName)
    /// `NO INHERIT parent`
    case noInherit(ObjectName)
    /// `OF type`
    case of(ObjectName)
    /// `NOT OF`
    case notOf
    /// `OWNER TO role`
    case ownerTo(Name)
    /// `REPLICA IDENTITY DEFAULT|FULL|NOTHING|USING INDEX name`, kept as text (upper-case key words).
    case replicaIdentity(String)
    /// `ATTACH PARTITION name FOR VALUES … | DEFAULT`
    case attachPartition(ObjectName, bound: PartitionBound)
    /// `DETACH PARTITION name [CONCURRENTLY | FINALIZE]`
    case detachPartition(ObjectName, concurrently: Bool, finalize: Bool)
    /// `ALTER INDEX … ATTACH PARTITION index`
    case attachIndexPartition(ObjectName)
    /// Any other subcommand PostgreSQL accepts on views, sequences and indexes, kept as text.
    case other(String)
}

/// `CASCADE` or `RESTRICT`.
public enum DropBehavior: String, Hashable, Sendable {
    case cascade = "CASCADE"
    case restrict = "RESTRICT"
}
