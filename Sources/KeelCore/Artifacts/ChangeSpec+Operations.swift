extension ChangeSpec {
    /// One step of intent. In the file, each operation is an object with exactly one key, the
    /// operation's name: `- add_column: {table: invoices, column: {…}}`.
    public enum Operation: Codable, Sendable, Equatable {
        case createTable(CreateTable)
        case dropTable(DropTable)
        case renameTable(RenameTable)
        case addColumn(AddColumn)
        case dropColumn(DropColumn)
        case renameColumn(RenameColumn)
        case alterColumn(AlterColumn)
        case addConstraint(AddConstraint)
        case dropConstraint(DropConstraint)
        case createIndex(CreateIndex)
        case dropIndex(DropIndex)
        case createEnum(CreateEnum)
        case addEnumValue(AddEnumValue)
        case sql(RawSQL)

        /// Every operation name, as written in a spec.
        public static let names = [
            "create_table", "drop_table", "rename_table", "add_column", "drop_column", "rename_column", "alter_column",
            "add_constraint", "drop_constraint", "create_index", "drop_index", "create_enum", "add_enum_value", "sql",
        ]

        /// The operation's name as written in a spec (`add_column`).
        public var name: String {
            switch self {
            case .createTable: "create_table"
            case .dropTable: "drop_table"
            case .renameTable: "rename_table"
            case .addColumn: "add_column"
            case .dropColumn: "drop_column"
            case .renameColumn: "rename_column"
            case .alterColumn: "alter_column"
            case .addConstraint: "add_constraint"
            case .dropConstraint: "drop_constraint"
            case .createIndex: "create_index"
            case .dropIndex: "drop_index"
            case .createEnum: "create_enum"
            case .addEnumValue: "add_enum_value"
            case .sql: "sql"
            }
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            guard container.allKeys.count == 1, let key = container.allKeys.first else {
                let found = container.allKeys.map(\.stringValue).sorted().joined(separator: ", ")
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "an operation is an object with exactly one key, its name (found: \(found.isEmpty ? "none" : found))"))
            }
            switch key.stringValue {
            case "create_table": self = .createTable(try container.decode(CreateTable.self, forKey: key))
            case "drop_table": self = .dropTable(try container.decode(DropTable.self, forKey: key))
            case "rename_table": self = .renameTable(try container.decode(RenameTable.self, forKey: key))
            case "add_column": self = .addColumn(try container.decode(AddColumn.self, forKey: key))
            case "drop_column": self = .dropColumn(try container.decode(DropColumn.self, forKey: key))
            case "rename_column": self = .renameColumn(try container.decode(RenameColumn.self, forKey: key))
            case "alter_column": self = .alterColumn(try container.decode(AlterColumn.self, forKey: key))
            case "add_constraint": self = .addConstraint(try container.decode(AddConstraint.self, forKey: key))
            case "drop_constraint": self = .dropConstraint(try container.decode(DropConstraint.self, forKey: key))
            case "create_index": self = .createIndex(try container.decode(CreateIndex.self, forKey: key))
            case "drop_index": self = .dropIndex(try container.decode(DropIndex.self, forKey: key))
            case "create_enum": self = .createEnum(try container.decode(CreateEnum.self, forKey: key))
            case "add_enum_value": self = .addEnumValue(try container.decode(AddEnumValue.self, forKey: key))
            case "sql": self = .sql(try container.decode(RawSQL.self, forKey: key))
            default:
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath + [key],
                    debugDescription: "unknown operation '\(key.stringValue)'; expected one of \(Self.names.joined(separator: ", "))"))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            let key = Key(name)
            switch self {
            case .createTable(let op): try container.encode(op, forKey: key)
            case .dropTable(let op): try container.encode(op, forKey: key)
            case .renameTable(let op): try container.encode(op, forKey: key)
            case .addColumn(let op): try container.encode(op, forKey: key)
            case .dropColumn(let op): try container.encode(op, forKey: key)
            case .renameColumn(let op): try container.encode(op, forKey: key)
            case .alterColumn(let op): try container.encode(op, forKey: key)
            case .addConstraint(let op): try container.encode(op, forKey: key)
            case .dropConstraint(let op): try container.encode(op, forKey: key)
            case .createIndex(let op): try container.encode(op, forKey: key)
            case .dropIndex(let op): try container.encode(op, forKey: key)
            case .createEnum(let op): try container.encode(op, forKey: key)
            case .addEnumValue(let op): try container.encode(op, forKey: key)
            case .sql(let op): try container.encode(op, forKey: key)
            }
        }
    }

    public struct CreateTable: Codable, Sendable, Equatable {
        public var table: String
        public var columns: [ColumnDefinition]
        /// A composite primary key; a single-column one can be `primary_key: true` on the column.
        public var primaryKey: [String]?
        public var comment: String?
        public init(table: String, columns: [ColumnDefinition], primaryKey: [String]? = nil, comment: String? = nil) {
            self.table = table
            self.columns = columns
            self.primaryKey = primaryKey
            self.comment = comment
        }
        enum CodingKeys: String, CodingKey { case table, columns, primaryKey = "primary_key", comment }
    }

    public struct DropTable: Codable, Sendable, Equatable {
        public var table: String
        public init(table: String) { self.table = table }
    }

    public struct RenameTable: Codable, Sendable, Equatable {
        public var table: String
        /// The new name (without schema: a rename stays in its schema).
        public var to: String
        public init(table: String, to: String) {
            self.table = table
            self.to = to
        }
    }

    public struct AddColumn: Codable, Sendable, Equatable {
        public var table: String
        public var column: ColumnDefinition
        /// How to fill existing rows when `default` is volatile or absent and the column is NOT NULL.
        public var up: String?
        public init(table: String, column: ColumnDefinition, up: String? = nil) {
            self.table = table
            self.column = column
            self.up = up
        }
    }

    public struct DropColumn: Codable, Sendable, Equatable {
        public var table: String
        public var column: String
        public init(table: String, column: String) {
            self.table = table
            self.column = column
        }
    }

    public struct RenameColumn: Codable, Sendable, Equatable {
        public var table: String
        public var column: String
        public var to: String
        public init(table: String, column: String, to: String) {
            self.table = table
            self.column = column
            self.to = to
        }
    }

    /// Changes one column. Give at least one of `type`, `nullable`, `default`, `drop_default`, `comment`.
    public struct AlterColumn: Codable, Sendable, Equatable {
        public var table: String
        public var column: String
        /// The new type.
        public var type: String?
        /// The new column's value from the old one (the old column is named by its name); required
        /// with `type` unless PostgreSQL can cast implicitly.
        public var up: String?
        /// The old column's value from the new one, for writers that still write the old column.
        public var down: String?
        public var nullable: Bool?
        public var `default`: String?
        public var dropDefault: Bool?
        public var comment: String?

        public init(table: String, column: String, type: String? = nil, up: String? = nil, down: String? = nil, nullable: Bool? = nil,
                    default: String? = nil, dropDefault: Bool? = nil, comment: String? = nil) {
            self.table = table
            self.column = column
            self.type = type
            self.up = up
            self.down = down
            self.nullable = nullable
            self.default = `default`
            self.dropDefault = dropDefault
            self.comment = comment
        }

        enum CodingKeys: String, CodingKey {
            case table, column, type, up, down, nullable, `default`, dropDefault = "drop_default", comment
        }
    }

    /// Adds one constraint; give exactly one of `check`, `unique`, `primary_key`, `foreign_key`.
    public struct AddConstraint: Codable, Sendable, Equatable {
        public var table: String
        public var name: String
        public var check: String?
        public var unique: [String]?
        public var primaryKey: [String]?
        public var foreignKey: ForeignKey?

        public init(table: String, name: String, check: String? = nil, unique: [String]? = nil, primaryKey: [String]? = nil,
                    foreignKey: ForeignKey? = nil) {
            self.table = table
            self.name = name
            self.check = check
            self.unique = unique
            self.primaryKey = primaryKey
            self.foreignKey = foreignKey
        }

        enum CodingKeys: String, CodingKey { case table, name, check, unique, primaryKey = "primary_key", foreignKey = "foreign_key" }
    }

    public struct ForeignKey: Codable, Sendable, Equatable {
        public var columns: [String]
        public var referencesTable: String
        public var referencesColumns: [String]
        /// `no action` (the default), `restrict`, `cascade`, `set null` or `set default`.
        public var onDelete: String?
        public var onUpdate: String?

        public init(columns: [String], referencesTable: String, referencesColumns: [String], onDelete: String? = nil, onUpdate: String? = nil) {
            self.columns = columns
            self.referencesTable = referencesTable
            self.referencesColumns = referencesColumns
            self.onDelete = onDelete
            self.onUpdate = onUpdate
        }

        enum CodingKeys: String, CodingKey {
            case columns, referencesTable = "references_table", referencesColumns = "references_columns", onDelete = "on_delete", onUpdate = "on_update"
        }
    }

    public struct DropConstraint: Codable, Sendable, Equatable {
        public var table: String
        public var name: String
        public init(table: String, name: String) {
            self.table = table
            self.name = name
        }
    }

    public struct CreateIndex: Codable, Sendable, Equatable {
        public var table: String
        public var name: String
        public var columns: [String]
        public var unique: Bool?
        /// `btree` (the default), `hash`, `gin`, `gist`, `brin`, `spgist`.
        public var method: String?
        /// A partial index's predicate.
        public var `where`: String?

        public init(table: String, name: String, columns: [String], unique: Bool? = nil, method: String? = nil, where: String? = nil) {
            self.table = table
            self.name = name
            self.columns = columns
            self.unique = unique
            self.method = method
            self.where = `where`
        }
    }

    public struct DropIndex: Codable, Sendable, Equatable {
        /// The index, optionally schema-qualified.
        public var name: String
        public init(name: String) { self.name = name }
    }

    public struct CreateEnum: Codable, Sendable, Equatable {
        public var name: String
        public var values: [String]
        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }
    }

    public struct AddEnumValue: Codable, Sendable, Equatable {
        public var `enum`: String
        public var value: String
        public var before: String?
        public var after: String?
        public init(enum: String, value: String, before: String? = nil, after: String? = nil) {
            self.enum = `enum`
            self.value = value
            self.before = before
            self.after = after
        }
    }

    /// Hand-written SQL: linted, carried into the plan as is, and flagged as unverifiable.
    public struct RawSQL: Codable, Sendable, Equatable {
        public var up: String
        public var down: String?
        public init(up: String, down: String? = nil) {
            self.up = up
            self.down = down
        }
    }
}
