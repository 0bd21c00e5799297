public import KeelCore

/// Why a SQL entry point that must succeed (one expression, one type) failed.
///
/// `code` is the diagnostic's code (`sql.syntax`, `sql.trailing-input`, `sql.too-deep`, …), and
/// `message` renders the line, the column, the source line with a caret, and what was expected.
public enum SQLError: KeelError, Equatable {
    /// The text could not be parsed; the diagnostic says where and why.
    case syntax(Diagnostic)

    /// The first error diagnostic, or `nil` when there is none.
    static func first(in diagnostics: [Diagnostic]) -> SQLError? {
        diagnostics.first { $0.severity == .error }.map { .syntax($0) }
    }

    /// The diagnostic behind the error.
    public var diagnostic: Diagnostic {
        switch self {
        case .syntax(let diagnostic): diagnostic
        }
    }

    /// The diagnostic's stable code, such as `sql.syntax`.
    public var code: String { diagnostic.code.rawValue }

    /// Line, column, the source line with a caret, and what was expected.
    public var message: String { diagnostic.rendered }

    /// What to do about it, when there is something specific to say.
    public var hint: String? {
        switch diagnostic.code {
        case .nestingTooDeep: "simplify the expression; nesting is limited to keep parsing safe"
        case .template: "compile the dbt model first; Keel parses rendered SQL"
        case .trailingInput: "give exactly one expression, without a trailing semicolon or second statement"
        default: nil
        }
    }
}
