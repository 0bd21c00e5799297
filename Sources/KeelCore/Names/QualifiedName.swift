/// A schema-qualified object name such as `public.invoices`.
public struct QualifiedName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let schema: Identifier
    public let name: Identifier

    public init(schema: Identifier, name: Identifier) {
        self.schema = schema
        self.name = name
    }

    /// Creates a qualified name from raw catalog strings.
    public init(schema: String, name: String) throws(IdentifierError) {
        self.schema = try Identifier(schema)
        self.name = try Identifier(name)
    }

    /// `"schema"."name"`, always quoted: safe in generated SQL.
    public var quoted: String { schema.quoted + "." + name.quoted }

    /// `schema.name`, quoting parts only where PostgreSQL needs it. For humans.
    public var display: String { schema.display + "." + name.display }

    public var description: String { display }

    public static func < (lhs: QualifiedName, rhs: QualifiedName) -> Bool {
        (lhs.schema.name, lhs.name.name) < (rhs.schema.name, rhs.name.name)
    }

    /// Encoded as an object so that names containing dots stay unambiguous.
    enum CodingKeys: String, CodingKey { case schema, name }
}
