extension Catalog {
    public enum ConstraintKind: String, Codable, Sendable {
        case primaryKey, foreignKey, unique, check, exclusion, trigger
    }

    public enum ReferentialAction: String, Codable, Sendable {
        case noAction, restrict, cascade, setNull, setDefault
    }

    public struct Constraint: Codable, Sendable, Equatable {
        public var name: Identifier
        public var kind: ConstraintKind
        /// The constrained columns, in key order. Empty for a table-level CHECK on an expression.
        public var columns: [Identifier]
        /// The definition as `pg_get_constraintdef` prints it.
        public var definition: String
        /// False for a constraint added `NOT VALID` and not yet validated.
        public var validated: Bool
        public var deferrable: Bool
        public var initiallyDeferred: Bool
        /// Inherited from a parent (partitions and inheritance children).
        public var inherited: Bool
        /// For a CHECK: the boolean expression.
        public var checkExpression: String?
        /// For a FOREIGN KEY: what it references and how.
        public var foreignKey: ForeignKey?
        /// The index that enforces a PRIMARY KEY, UNIQUE or EXCLUDE constraint.
        public var index: Identifier?
        public var comment: String?

        public init(name: Identifier, kind: ConstraintKind, columns: [Identifier], definition: String,
                    validated: Bool = true, deferrable: Bool = false, initiallyDeferred: Bool = false,
                    inherited: Bool = false, checkExpression: String? = nil, foreignKey: ForeignKey? = nil,
                    index: Identifier? = nil, comment: String? = nil) {
            self.name = name
            self.kind = kind
            self.columns = columns
            self.definition = definition
            self.validated = validated
            self.deferrable = deferrable
            self.initiallyDeferred = initiallyDeferred
            self.inherited = inherited
            self.checkExpression = checkExpression
            self.foreignKey = foreignKey
            self.index = index
            self.comment = comment
        }
    }

    public struct ForeignKey: Codable, Sendable, Equatable {
        public var referencedTable: QualifiedName
        public var referencedColumns: [Identifier]
        public var onDelete: ReferentialAction
        public var onUpdate: ReferentialAction
        /// `simple`, `full` or `partial`.
        public var match: String

        public init(referencedTable: QualifiedName, referencedColumns: [Identifier], onDelete: ReferentialAction,
                    onUpdate: ReferentialAction, match: String) {
            self.referencedTable = referencedTable
            self.referencedColumns = referencedColumns
            self.onDelete = onDelete
            self.onUpdate = onUpdate
            self.match = match
        }
    }

    public struct Index: Codable, Sendable, Equatable {
        public var name: Identifier
        /// The statement as `pg_get_indexdef` prints it.
        public var definition: String
        /// `btree`, `gin`, `gist`, `hash`, `brin`, `spgist`, …
        public var method: String
        /// Key parts in order: a column name, or an expression as PostgreSQL prints it.
        public var keys: [IndexKey]
        /// INCLUDE columns.
        public var include: [Identifier]
        public var unique: Bool
        public var primary: Bool
        /// The WHERE predicate of a partial index.
        public var predicate: String?
        /// False after a failed `CREATE INDEX CONCURRENTLY`: the index is maintained but never used.
        public var valid: Bool
        /// False while a concurrent build has not finished its first phase.
        public var ready: Bool
        /// The constraint this index enforces, if any.
        public var constraint: Identifier?
        public var comment: String?
        public var stats: IndexStatistics?

        public init(name: Identifier, definition: String, method: String, keys: [IndexKey], include: [Identifier] = [],
                    unique: Bool = false, primary: Bool = false, predicate: String? = nil, valid: Bool = true,
                    ready: Bool = true, constraint: Identifier? = nil, comment: String? = nil,
                    stats: IndexStatistics? = nil) {
            self.name = name
            self.definition = definition
            self.method = method
            self.keys = keys
            self.include = include
            self.unique = unique
            self.primary = primary
            self.predicate = predicate
            self.valid = valid
            self.ready = ready
            self.constraint = constraint
            self.comment = comment
            self.stats = stats
        }
    }

    /// One key part of an index: exactly one of `column` or `expression` is set.
    public struct IndexKey: Codable, Sendable, Equatable {
        public var column: Identifier?
        public var expression: String?

        public init(column: Identifier) {
            self.column = column
            self.expression = nil
        }

        public init(expression: String) {
            self.column = nil
            self.expression = expression
        }

        public var display: String { column?.display ?? "(\(expression ?? ""))" }
    }

    public struct IndexStatistics: Codable, Sendable, Equatable {
        public var bytes: Int64
        /// `pg_stat_user_indexes.idx_scan`.
        public var scans: Int64?

        public init(bytes: Int64, scans: Int64?) {
            self.bytes = bytes
            self.scans = scans
        }
    }

    public enum TriggerTiming: String, Codable, Sendable {
        case before, after, insteadOf
    }

    public enum TriggerEvent: String, Codable, Sendable {
        case insert, update, delete, truncate
    }

    /// `pg_trigger.tgenabled`: which session_replication_role the trigger fires under.
    public enum TriggerEnabled: String, Codable, Sendable {
        case origin, disabled, replica, always
    }

    public struct Trigger: Codable, Sendable, Equatable {
        public var name: Identifier
        public var function: QualifiedName
        public var timing: TriggerTiming
        public var events: [TriggerEvent]
        public var forEachRow: Bool
        public var enabled: TriggerEnabled
        /// A constraint trigger (`CREATE CONSTRAINT TRIGGER`).
        public var isConstraint: Bool
        /// Cloned onto a partition from its parent's trigger.
        public var inherited: Bool
        /// The statement as `pg_get_triggerdef` prints it.
        public var definition: String
        public var comment: String?

        public init(name: Identifier, function: QualifiedName, timing: TriggerTiming, events: [TriggerEvent],
                    forEachRow: Bool, enabled: TriggerEnabled, isConstraint: Bool = false, inherited: Bool = false,
                    definition: String, comment: String? = nil) {
            self.name = name
            self.function = function
            self.timing = timing
            self.events = events
            self.forEachRow = forEachRow
            self.enabled = enabled
            self.isConstraint = isConstraint
            self.inherited = inherited
            self.definition = definition
            self.comment = comment
        }
    }
}
