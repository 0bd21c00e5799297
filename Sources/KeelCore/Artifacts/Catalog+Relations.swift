extension Catalog {
    public enum TableKind: String, Codable, Sendable {
        case ordinary, partitioned, foreign
    }

    public enum Persistence: String, Codable, Sendable {
        case permanent, unlogged, temporary
    }

    public enum ReplicaIdentity: String, Codable, Sendable {
        case `default`, nothing, full, index
    }

    /// A table: ordinary, partitioned or foreign; logged or unlogged.
    public struct Table: Codable, Sendable, Equatable {
        public var schema: Identifier
        public var name: Identifier
        public var kind: TableKind
        public var persistence: Persistence
        public var columns: [Column]
        public var constraints: [Constraint]
        public var indexes: [Index]
        public var triggers: [Trigger]
        /// For a partitioned table: the partition key as PostgreSQL prints it, e.g. `RANGE (payment_date)`.
        public var partitionKey: String?
        /// For a partition: its parent and bound.
        public var partitionOf: PartitionParent?
        /// Parents through legacy (non-partition) inheritance.
        public var inherits: [QualifiedName]
        /// For a foreign table: the foreign server's name.
        public var foreignServer: String?
        public var replicaIdentity: ReplicaIdentity
        /// Storage parameters (`reloptions`), e.g. `fillfactor=70`.
        public var options: [String]
        public var rowLevelSecurity: Bool
        public var comment: String?
        public var stats: Statistics?

        public init(schema: Identifier, name: Identifier, kind: TableKind, persistence: Persistence,
                    columns: [Column] = [], constraints: [Constraint] = [], indexes: [Index] = [],
                    triggers: [Trigger] = [], partitionKey: String? = nil, partitionOf: PartitionParent? = nil,
                    inherits: [QualifiedName] = [], foreignServer: String? = nil,
                    replicaIdentity: ReplicaIdentity = .default, options: [String] = [],
                    rowLevelSecurity: Bool = false, comment: String? = nil, stats: Statistics? = nil) {
            self.schema = schema
            self.name = name
            self.kind = kind
            self.persistence = persistence
            self.columns = columns
            self.constraints = constraints
            self.indexes = indexes
            self.triggers = triggers
            self.partitionKey = partitionKey
            self.partitionOf = partitionOf
            self.inherits = inherits
            self.foreignServer = foreignServer
            self.replicaIdentity = replicaIdentity
            self.options = options
            self.rowLevelSecurity = rowLevelSecurity
            self.comment = comment
            self.stats = stats
        }

        public var qualifiedName: QualifiedName { QualifiedName(schema: schema, name: name) }

        /// The column with this exact (case-sensitive) name.
        public func column(named name: String) -> Column? { columns.first { $0.name.name == name } }

        /// The primary key constraint, if any.
        public var primaryKey: Constraint? { constraints.first { $0.kind == .primaryKey } }

        mutating func sortDeterministically() {
            columns.sort { $0.position < $1.position }
            constraints.sort { $0.name < $1.name }
            indexes.sort { $0.name < $1.name }
            triggers.sort { $0.name < $1.name }
            inherits.sort()
        }
    }

    public struct PartitionParent: Codable, Sendable, Equatable {
        public var parent: QualifiedName
        /// The bound as PostgreSQL prints it, e.g. `FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')`.
        public var bound: String

        public init(parent: QualifiedName, bound: String) {
            self.parent = parent
            self.bound = bound
        }
    }

    /// A view or materialized view.
    public struct View: Codable, Sendable, Equatable {
        public var schema: Identifier
        public var name: Identifier
        public var materialized: Bool
        /// The query as `pg_get_viewdef(oid, true)` prints it, with schema-qualified names.
        public var definition: String
        public var columns: [Column]
        /// Every table or view column the view's rewrite rule depends on (from pg_depend).
        public var dependencies: [ColumnReference]
        /// Relations the view depends on as a whole (whole-row references included).
        public var relationDependencies: [QualifiedName]
        /// Materialized views can carry indexes.
        public var indexes: [Index]
        public var options: [String]
        public var comment: String?
        public var stats: Statistics?

        public init(schema: Identifier, name: Identifier, materialized: Bool, definition: String,
                    columns: [Column] = [], dependencies: [ColumnReference] = [],
                    relationDependencies: [QualifiedName] = [], indexes: [Index] = [], options: [String] = [],
                    comment: String? = nil, stats: Statistics? = nil) {
            self.schema = schema
            self.name = name
            self.materialized = materialized
            self.definition = definition
            self.columns = columns
            self.dependencies = dependencies
            self.relationDependencies = relationDependencies
            self.indexes = indexes
            self.options = options
            self.comment = comment
            self.stats = stats
        }

        public var qualifiedName: QualifiedName { QualifiedName(schema: schema, name: name) }

        mutating func sortDeterministically() {
            columns.sort { $0.position < $1.position }
            dependencies.sort()
            relationDependencies.sort()
            indexes.sort { $0.name < $1.name }
        }
    }

    /// A column of a table or view, by its schema-qualified relation.
    public struct ColumnReference: Codable, Sendable, Hashable, Comparable {
        public var schema: Identifier
        public var table: Identifier
        public var column: Identifier

        public init(schema: Identifier, table: Identifier, column: Identifier) {
            self.schema = schema
            self.table = table
            self.column = column
        }

        public var display: String { "\(schema.display).\(table.display).\(column.display)" }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.schema.name, lhs.table.name, lhs.column.name) < (rhs.schema.name, rhs.table.name, rhs.column.name)
        }
    }
}
