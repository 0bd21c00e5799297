import KeelSQL

/// One SQL statement of a consumer, after templates (dbt Jinja, Airflow macros) were rendered.
///
/// The lineage engine reads ``text``. ``parses`` says whether KeelSQL's parser accepted it; when it
/// did not, the loader also returned a ``LineageDiagnostic`` with the reason.
public struct RenderedStatement: Hashable, Sendable, Codable {
    /// The statement, without its terminating semicolon.
    public var text: String
    /// Where it starts: the consumer's file, and the line within the text that was split.
    public var location: FileLocation
    /// Whether KeelSQL parses it without error.
    public var parses: Bool

    /// Creates a statement.
    public init(text: String, location: FileLocation, parses: Bool) {
        self.text = text
        self.location = location
        self.parses = parses
    }
}

/// Splits rendered SQL into statements and checks that each one parses.
enum StatementCheck {
    /// The statements of `sql`, each with its location, and one diagnostic per statement that does not parse.
    /// - Parameters:
    ///   - sql: rendered SQL, possibly several statements.
    ///   - file: the file to report.
    ///   - firstLine: the line of `file` where `sql` starts (1 when `sql` is the whole file or a rendering).
    ///   - consumer: the consumer id for diagnostics.
    static func statements(
        in sql: String, file: String, firstLine: Int = 1, consumer: String?
    ) -> (statements: [RenderedStatement], diagnostics: [LineageDiagnostic]) {
        var statements: [RenderedStatement] = []
        var diagnostics: [LineageDiagnostic] = []
        for piece in SQLScript.split(sql) {
            let line = firstLine + piece.range.line - 1
            let result = Parser.parse(piece.text)
            let errors = result.errors
            statements.append(RenderedStatement(
                text: piece.text, location: FileLocation(file: file, line: line, column: piece.range.column),
                parses: errors.isEmpty))
            if let first = errors.first {
                diagnostics.append(LineageDiagnostic(
                    code: LineageDiagnostic.sqlUnparsable, severity: .error,
                    message: "statement does not parse (\(first.code.rawValue)): \(first.message)",
                    location: FileLocation(file: file, line: line + first.line - 1, column: first.column),
                    consumer: consumer))
            }
        }
        return (statements, diagnostics)
    }
}
