extension Catalog {
    public struct Sequence: Codable, Sendable, Equatable {
        public var schema: Identifier
        public var name: Identifier
        /// `smallint`, `integer` or `bigint`.
        public var type: String
        public var start: Int64
        public var increment: Int64
        public var minimum: Int64
        public var maximum: Int64
        public var cycles: Bool
        /// The column that owns the sequence (`OWNED BY`, serial or identity).
        public var ownedBy: ColumnReference?
        public var comment: String?

        public init(schema: Identifier, name: Identifier, type: String, start: Int64, increment: Int64,
                    minimum: Int64, maximum: Int64, cycles: Bool, ownedBy: ColumnReference? = nil,
                    comment: String? = nil) {
            self.schema = schema
            self.name = name
            self.type = type
            self.start = start
            self.increment = increment
            self.minimum = minimum
            self.maximum = maximum
            self.cycles = cycles
            self.ownedBy = ownedBy
            self.comment = comment
        }

        public var qualifiedName: QualifiedName { QualifiedName(schema: schema, name: name) }
    }

    public struct EnumType: Codable, Sendable, Equatable {
        public var schema: Identifier
        public var name: Identifier
        /// Labels in their sort order.
        public var labels: [String]
        public var comment: String?

        public init(schema: Identifier, name: Identifier, labels: [String], comment: String? = nil) {
            self.schema = schema
            self.name = name
            self.labels = labels
            self.comment = comment
        }

        public var qualifiedName: QualifiedName { QualifiedName(schema: schema, name: name) }
    }

    public struct Domain: Codable, Sendable, Equatable {
        public var schema: Identifier
        public var name: Identifier
        public var baseType: String
        public var nullable: Bool
        public var `default`: String?
        public var constraints: [DomainConstraint]
        public var comment: String?

        public init(schema: Identifier, name: Identifier, baseType: String, nullable: Bool, default: String?,
                    constraints: [DomainConstraint], comment: String? = nil) {
            self.schema = schema
            self.name = name
            self.baseType = baseType
            self.nullable = nullable
            self.default = `default`
            self.constraints = constraints
            self.comment = comment
        }

        public var qualifiedName: QualifiedName { QualifiedName(schema: schema, name: name) }
    }

    public struct DomainConstraint: Codable, Sendable, Equatable {
        public var name: Identifier
        public var definition: String
        public var validated: Bool

        public init(name: Identifier, definition: String, validated: Bool) {
            self.name = name
            self.definition = definition
            self.validated = validated
        }
    }

    public enum FunctionKind: String, Codable, Sendable {
        case function, procedure, aggregate, window
    }

    public struct Function: Codable, Sendable, Equatable {
        public var schema: Identifier
        public var name: Identifier
        /// Identity arguments as `pg_get_function_identity_arguments` prints them.
        public var arguments: String
        /// The result as `pg_get_function_result` prints it; nil for procedures.
        public var returns: String?
        public var kind: FunctionKind
        public var language: String
        public var volatility: Volatility
        public var securityDefiner: Bool
        public var comment: String?

        public init(schema: Identifier, name: Identifier, arguments: String, returns: String?, kind: FunctionKind,
                    language: String, volatility: Volatility, securityDefiner: Bool, comment: String? = nil) {
            self.schema = schema
            self.name = name
            self.arguments = arguments
            self.returns = returns
            self.kind = kind
            self.language = language
            self.volatility = volatility
            self.securityDefiner = securityDefiner
            self.comment = comment
        }

        public var qualifiedName: QualifiedName { QualifiedName(schema: schema, name: name) }
    }

    public struct Extension: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var schema: Identifier
        public var comment: String?

        public init(name: String, version: String, schema: Identifier, comment: String? = nil) {
            self.name = name
            self.version = version
            self.schema = schema
            self.comment = comment
        }
    }
}
