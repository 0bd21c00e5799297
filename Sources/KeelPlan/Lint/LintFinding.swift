/// One rule violation at one place in one file: data, never thrown.
public struct LintFinding: Codable, Sendable, Equatable, Hashable {
    /// The rule's stable kebab-case id, such as `adding-required-field`.
    public var rule: String
    /// The severity after `keel.yaml` overrides.
    public var severity: LintSeverity
    /// What is wrong, naming the object (`public.accounts.email`) and why it matters.
    public var message: String
    /// How to do it safely.
    public var advice: String
    /// The file as it was given.
    public var file: String
    /// The 1-based line of the offending text.
    public var line: Int
    /// The 1-based column (Unicode scalars) of the offending text.
    public var column: Int
    /// The 1-based line where the offending text ends.
    public var endLine: Int
    /// The 1-based column just past the offending text.
    public var endColumn: Int
    /// The 0-based index of the statement in the file, or `nil` for file-level findings.
    public var statement: Int?
    /// The object concerned, qualified (`public.accounts`, `public.accounts.email`), when there is one.
    public var object: String?

    /// Creates a finding.
    public init(rule: String, severity: LintSeverity, message: String, advice: String, file: String, line: Int,
                column: Int, endLine: Int, endColumn: Int, statement: Int?, object: String?) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.advice = advice
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.statement = statement
        self.object = object
    }

    /// `file:line:column`.
    public var location: String { "\(file):\(line):\(column)" }
}
