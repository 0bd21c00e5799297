/// An intent to change the schema, as a person or an agent writes it (`change.yaml`).
///
/// The keys are snake_case because people write this file by hand; `docs/change-spec.md` and
/// `docs/change-spec.schema.json` describe it. Names are written as in SQL: `invoices`,
/// `billing.invoices`, `"Mixed Case"`; unqualified ones resolve against the default schema.
/// Expressions (`up`, `down`, `default`, `check`, `where`) are SQL text that the planner parses
/// as exactly one expression and re-prints, so they cannot smuggle in a second statement.
public struct ChangeSpec: Codable, Sendable, Equatable {
    /// A short, stable name for the change (`extend-billing`).
    public var change: String
    /// What the change is for, in a sentence.
    public var description: String?
    /// The operations, applied in order.
    public var operations: [Operation]

    /// Creates a spec.
    public init(change: String, description: String? = nil, operations: [Operation]) {
        self.change = change
        self.description = description
        self.operations = operations
    }
}

extension ChangeSpec {
    /// A column as `create_table` and `add_column` declare it.
    public struct ColumnDefinition: Codable, Sendable, Equatable {
        public var name: String
        /// A PostgreSQL type name: `numeric(12,2)`, `text`, `timestamptz`, `billing.status`.
        public var type: String
        /// Whether NULL is allowed; the default is `true`.
        public var nullable: Bool?
        /// A default expression (`0`, `now()`, `'USD'`).
        public var `default`: String?
        /// A CHECK expression on the column.
        public var check: String?
        /// A foreign key to another table's column.
        public var references: ColumnReference?
        /// Whether the column is unique.
        public var unique: Bool?
        /// Whether the column is the primary key (`create_table` only).
        public var primaryKey: Bool?
        public var comment: String?

        public init(name: String, type: String, nullable: Bool? = nil, default: String? = nil, check: String? = nil,
                    references: ColumnReference? = nil, unique: Bool? = nil, primaryKey: Bool? = nil, comment: String? = nil) {
            self.name = name
            self.type = type
            self.nullable = nullable
            self.default = `default`
            self.check = check
            self.references = references
            self.unique = unique
            self.primaryKey = primaryKey
            self.comment = comment
        }

        /// Whether the column allows NULL (absent means yes).
        public var allowsNull: Bool { nullable ?? true }

        enum CodingKeys: String, CodingKey {
            case name, type, nullable, `default`, check, references, unique, primaryKey = "primary_key", comment
        }
    }

    /// `{table, column}`: the target of a column-level foreign key.
    public struct ColumnReference: Codable, Sendable, Equatable {
        public var table: String
        public var column: String
        public var onDelete: String?

        public init(table: String, column: String, onDelete: String? = nil) {
            self.table = table
            self.column = column
            self.onDelete = onDelete
        }

        enum CodingKeys: String, CodingKey { case table, column, onDelete = "on_delete" }
    }
}
