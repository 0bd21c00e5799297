/// A problem found while lexing or parsing SQL, with its position and a rendering that points at it.
///
/// Diagnostics are data: ``Parser/parse(_:options:)`` returns them alongside the statements it could
/// parse. ``SQLError`` wraps one when an entry point must fail.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How bad a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The construct was not understood; the parser recovered around it.
        case error
        /// The construct was understood but is suspicious (for example, a template left-over).
        case warning
    }

    /// A stable, machine-readable kind of diagnostic.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The raw value.
        /// The code, such as `sql.syntax`.
        public let rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Unexpected token: the text does not match the grammar.
        public static let syntax = Code(rawValue: "sql.syntax")
        /// A string, quoted identifier, comment or dollar-quoted body is not closed.
        public static let unterminated = Code(rawValue: "sql.unterminated")
        /// A byte that cannot start any token.
        public static let unexpectedCharacter = Code(rawValue: "sql.unexpected-character")
        /// Nesting (parentheses, subqueries, unary operators) exceeds the parser's depth limit.
        public static let nestingTooDeep = Code(rawValue: "sql.too-deep")
        /// An unrendered Jinja template (`{{ }}`, `{% %}`, `{# #}`) was found.
        public static let template = Code(rawValue: "sql.template")
        /// Text follows a complete expression or type where exactly one was expected.
        public static let trailingInput = Code(rawValue: "sql.trailing-input")
        /// The input holds no SQL at all.
        public static let empty = Code(rawValue: "sql.empty")
        public var description: String { rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// How bad it is.
    public var severity: Severity
    /// What went wrong, in one line, without position.
    public var message: String
    /// What the parser expected at this spot, if it knows (for example `[")"]`).
    public var expected: [String]
    /// Where it went wrong.
    public var range: SourceRange
    /// The source line containing `range.start` (cut around the spot when very long), for rendering.
    public var sourceLine: String
    /// The 1-based column of the spot within ``sourceLine``.
    public var sourceLineColumn: Int

    /// Creates a diagnostic.
    public init(
        code: Code, severity: Severity = .error, message: String, expected: [String] = [],
        range: SourceRange, sourceLine: String, sourceLineColumn: Int? = nil
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.expected = expected
        self.range = range
        self.sourceLine = sourceLine
        self.sourceLineColumn = sourceLineColumn ?? range.column
    }

    /// Creates a diagnostic, taking the source line from `bytes`.
    init(code: Code, severity: Severity = .error, message: String, expected: [String] = [], range: SourceRange, bytes: [UInt8]) {
        let excerpt = SourceText.excerpt(in: bytes, containing: range.start)
        self.init(code: code, severity: severity, message: message, expected: expected, range: range,
                  sourceLine: excerpt.text, sourceLineColumn: excerpt.column)
    }

    /// The 1-based line of the problem.
    public var line: Int { range.line }
    /// The 1-based column of the problem, in Unicode scalars.
    public var column: Int { range.column }

    /// A headline plus the source line and a caret under the spot:
    /// ```
    /// line 1, column 15: expected an expression, found "FROM"
    ///   SELECT a, b, FROM t
    ///                ^
    /// ```
    public var rendered: String {
        var out = "line \(range.line), column \(range.column): \(message)"
        let shownLine = sourceLine.replacingTabs()
        if !shownLine.isEmpty {
            out += "\n  " + shownLine + "\n  "
            let prefixCount = Swift.max(0, sourceLineColumn - 1)
            out += String(repeating: " ", count: prefixCount)
            let width = Swift.max(1, Swift.min(range.length, shownLine.unicodeScalars.count - prefixCount))
            out += String(repeating: "^", count: width)
        }
        return out
    }

    public var description: String { rendered }
}

extension String {
    /// Tabs become single spaces so the caret lines up.
    fileprivate func replacingTabs() -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars { scalars.append(scalar == "\t" ? " " : scalar) }
        return String(scalars)
    }
}
