/// One identifier as written in SQL, after PostgreSQL's case rules.
///
/// Unquoted names are folded to lower case (ASCII only, as PostgreSQL does in UTF-8 databases);
/// quoted names (`"Name"`, `` `name` ``, `U&"…"`) keep their case and have `quoted == true`.
public struct Name: Hashable, Sendable, CustomStringConvertible {
    /// The name as PostgreSQL stores it: folded when unquoted, verbatim when quoted.
    public var value: String
    /// Whether the name was quoted in the source.
    public var quoted: Bool
    /// Where the name was written.
    public var range: SourceRange

    /// Creates a name.
    public init(_ value: String, quoted: Bool = false, range: SourceRange = .none) {
        self.value = value
        self.quoted = quoted
        self.range = range
    }

    /// The name as SQL: quoted when it was quoted or when PostgreSQL needs quotes.
    public var sql: String { SQLPrinter.identifier(value, forceQuotes: quoted) }

    public var description: String { sql }
}

/// A possibly qualified object name such as `orders`, `public.orders` or `db.public.orders`.
public struct ObjectName: Hashable, Sendable, CustomStringConvertible {
    /// The parts, outermost first (`catalog`, `schema`, `name`).
    public var parts: [Name]
    /// Where the name was written.
    public var range: SourceRange

    /// Creates a name from its parts.
    public init(_ parts: [Name], range: SourceRange = .none) {
        self.parts = parts
        self.range = range
    }

    /// The last part: the object's own name.
    public var name: Name { parts.last ?? Name("") }
    /// The part before the name, if any (usually the schema).
    public var schema: Name? { parts.count >= 2 ? parts[parts.count - 2] : nil }
    /// The part before the schema, if any (the database or catalog).
    public var catalog: Name? { parts.count >= 3 ? parts[parts.count - 3] : nil }

    /// The name as SQL, each part quoted when needed.
    public var sql: String { parts.map(\.sql).joined(separator: ".") }

    public var description: String { sql }
}
