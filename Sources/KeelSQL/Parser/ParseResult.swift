/// What ``Parser/parse(_:options:)`` found in a script.
public struct ParseResult: Sendable {
    /// The statements, in order. Statements that could not be understood are ``Statement/Kind/invalid(_:)``.
    public var statements: [Statement]
    /// Lexical and syntax diagnostics, in source order.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(statements: [Statement], diagnostics: [Diagnostic]) {
        self.statements = statements
        self.diagnostics = diagnostics
    }

    /// The error diagnostics (warnings excluded).
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Whether any error diagnostic was emitted.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Parser settings.
public struct ParserOptions: Sendable {
    /// The deepest nesting of parentheses, subqueries and prefix operators accepted before the parser
    /// gives up on a statement with a `sql.too-deep` diagnostic. This keeps hostile input from
    /// overflowing the stack. (The parser also stops early when the running thread's stack is
    /// nearly exhausted, whatever this limit says.)
    public var maximumDepth: Int

    /// The most stack, in bytes, the parser may use below the frame that called it; past it the
    /// statement gets a `sql.too-deep` diagnostic. The default leaves room inside a 512 KiB thread.
    public var maximumStackBytes: Int

    /// Creates options.
    public init(maximumDepth: Int = 1000, maximumStackBytes: Int = 384 * 1024) {
        self.maximumDepth = maximumDepth
        self.maximumStackBytes = maximumStackBytes
    }

    /// The defaults.
    public static let `default` = ParserOptions()
}

/// Thrown inside the parser to unwind to the nearest recovery point.
///
/// A class, so that a typed-throws error is one pointer wide and recursive frames stay small.
final class ParseFailure: Error, Sendable {
    let diagnostic: Diagnostic

    init(diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
    }
}
