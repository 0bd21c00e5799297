extension Catalog {
    public enum Volatility: String, Codable, Sendable, Comparable {
        case immutable, stable, volatile

        private var rank: Int {
            switch self {
            case .immutable: 0
            case .stable: 1
            case .volatile: 2
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    public enum Identity: String, Codable, Sendable {
        case always, byDefault
    }

    /// What kind of type a column has (`pg_type.typtype`).
    public enum TypeKind: String, Codable, Sendable {
        case base, composite, domain, `enum`, pseudo, range, multirange
    }

    public struct Column: Codable, Sendable, Equatable {
        public var name: Identifier
        /// `pg_attribute.attnum`; gaps remain where columns were dropped.
        public var position: Int
        /// The type as `format_type` prints it, with its typmod: `numeric(12,2)`, `character varying(80)`.
        /// User-defined types are schema-qualified.
        public var type: String
        public var typeKind: TypeKind
        public var isArray: Bool
        public var nullable: Bool
        public var `default`: DefaultValue?
        public var identity: Identity?
        /// The expression of a stored generated column.
        public var generated: String?
        /// Set only when it differs from the type's default collation.
        public var collation: String?
        public var comment: String?

        public init(name: Identifier, position: Int, type: String, typeKind: TypeKind = .base, isArray: Bool = false,
                    nullable: Bool = true, default: DefaultValue? = nil, identity: Identity? = nil,
                    generated: String? = nil, collation: String? = nil, comment: String? = nil) {
            self.name = name
            self.position = position
            self.type = type
            self.typeKind = typeKind
            self.isArray = isArray
            self.nullable = nullable
            self.default = `default`
            self.identity = identity
            self.generated = generated
            self.collation = collation
            self.comment = comment
        }
    }

    /// A column default and the volatility of the functions it calls.
    ///
    /// Volatility decides whether `ADD COLUMN … DEFAULT` rewrites the table (PostgreSQL 11+ stores a
    /// non-volatile default in the catalog without touching rows).
    public struct DefaultValue: Codable, Sendable, Equatable {
        public var expression: String
        public var volatility: Volatility

        public init(expression: String, volatility: Volatility) {
            self.expression = expression
            self.volatility = volatility
        }
    }
}
