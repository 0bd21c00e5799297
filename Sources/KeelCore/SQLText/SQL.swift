/// A piece of SQL text built safely.
///
/// Interpolation accepts only values that quote themselves: ``Identifier``, ``QualifiedName``,
/// literals through `\(literal:)`, integers, and nested `SQL`. There is deliberately no plain
/// `String` interpolation, so `"DROP TABLE \(userInput)"` does not compile.
///
/// ```swift
/// let stmt: SQL = "ALTER TABLE \(table) ALTER COLUMN \(column) SET DEFAULT \(literal: text)"
/// ```
public struct SQL: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The SQL text.
    public private(set) var text: String

    public init(stringLiteral value: StaticString) {
        self.text = value.description
    }

    public init(stringInterpolation: StringInterpolation) {
        self.text = stringInterpolation.text
    }

    /// Wraps text that Keel did not build but can trust as SQL, such as definitions rendered by
    /// the server (`pg_get_viewdef`, `pg_get_constraintdef`) or statements read from a user's
    /// migration file that is executed as-is on purpose. Kept to an allow-list of files by a test.
    public init(trusted text: String) {
        self.text = text
    }

    public var description: String { text }

    /// Joins fragments with a separator, e.g. a column list.
    public static func joined(_ parts: [SQL], separator: StaticString = ", ") -> SQL {
        SQL(trusted: parts.map(\.text).joined(separator: separator.description))
    }

    public init(from decoder: any Decoder) throws {
        self.text = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            text += literal.description
        }

        public mutating func appendInterpolation(_ identifier: Identifier) {
            text += identifier.quoted
        }

        public mutating func appendInterpolation(_ name: QualifiedName) {
            text += name.quoted
        }

        public mutating func appendInterpolation(_ sql: SQL) {
            text += sql.text
        }

        public mutating func appendInterpolation(literal value: String) {
            text += SQLLiteral.quote(value)
        }

        public mutating func appendInterpolation(literal value: Int) {
            text += String(value)
        }

        public mutating func appendInterpolation(literal value: Bool) {
            text += value ? "true" : "false"
        }
    }
}
