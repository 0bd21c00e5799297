import KeelCore
import KeelSQL

/// What a rule is: its stable id, default severity, one-line summary, fix advice, and the peer
/// checks (Squawk rules, Atlas analyzers) it covers. Rendered into SARIF and `docs/lint.md`.
public struct LintRuleInfo: Codable, Sendable, Equatable, Hashable {
    /// What kind of problem a rule is about.
    public enum Category: String, Codable, Sendable, CaseIterable {
        /// Locks, rewrites and scans of live tables.
        case locking
        /// Changes that break clients or destroy data.
        case compatibility
        /// Transactions and session settings.
        case transactions
        /// Type and style advice.
        case style
        /// SQL that cannot run as written.
        case correctness
    }

    /// The stable kebab-case id, Squawk's name where one exists.
    public var id: String
    /// The severity unless `keel.yaml` says otherwise.
    public var severity: LintSeverity
    /// What the rule catches, in one line.
    public var summary: String
    /// The safe way to make the change.
    public var advice: String
    /// What kind of problem it is.
    public var category: Category
    /// The peer checks it covers: `squawk:<rule>` and `atlas:<code>`.
    public var peers: [String]
    /// Off unless `keel.yaml` gives it a severity (Squawk's opt-in rules).
    public var enabledByDefault: Bool

    /// Creates rule metadata.
    public init(id: String, severity: LintSeverity, category: Category, summary: String, advice: String,
                peers: [String] = [], enabledByDefault: Bool = true) {
        self.id = id
        self.severity = severity
        self.category = category
        self.summary = summary
        self.advice = advice
        self.peers = peers
        self.enabledByDefault = enabledByDefault
    }
}

/// One problem a rule found, before the linter adds the rule id, severity, file and position.
struct LintViolation: Sendable {
    /// What is wrong, naming the object.
    var message: String
    /// What to point at.
    var range: SourceRange
    /// The object concerned (`public.accounts.email`).
    var object: String?
    /// Advice specific to this case; the rule's advice otherwise.
    var advice: String?
    /// A severity for this case (for example lower when the catalog cannot tell); the rule's otherwise.
    var severity: LintSeverity?

    init(_ message: String, at range: SourceRange, object: String? = nil, advice: String? = nil, severity: LintSeverity? = nil) {
        self.message = message
        self.range = range
        self.object = object
        self.advice = advice
        self.severity = severity
    }
}

/// A lint rule: pure, one per file in `Lint/Rules/`.
///
/// ``check(_:in:)`` sees each statement with the state *before* it (transaction, timeouts, tables
/// created so far, the catalog); ``finish(in:)`` runs once after the last statement.
protocol LintRule: Sendable {
    /// The rule's metadata.
    var info: LintRuleInfo { get }
    /// Whether only the first violation in a file is reported (file-level rules such as `require-lock-timeout`).
    var oncePerFile: Bool { get }
    /// The violations in one statement.
    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation]
    /// Violations that can only be judged at the end of the file.
    func finish(in context: LintContext) -> [LintViolation]
}

extension LintRule {
    var id: String { info.id }
    var oncePerFile: Bool { false }
    func finish(in context: LintContext) -> [LintViolation] { [] }
}

/// A statement being linted, with its source.
struct LintStatement: Sendable {
    /// The 0-based index in the file.
    var index: Int
    /// The parsed statement.
    var statement: Statement
    /// The whole file's text.
    var source: SourceText

    /// The statement's kind.
    var kind: Statement.Kind { statement.kind }
    /// The statement's range.
    var range: SourceRange { statement.range }
    /// The statement's text.
    var text: String { source.text(statement.range) }

    /// The ALTER TABLE actions, or none for other statements.
    var alterTable: AlterTable? {
        if case .alterTable(let alter) = statement.kind, alter.objectKind == "TABLE" || alter.objectKind == "FOREIGN TABLE" {
            return alter
        }
        return nil
    }

    /// A range from `range` to the end of the statement, for pointing at a clause.
    func rangeFrom(_ start: SourceRange) -> SourceRange {
        start == .none ? range : SourceRange(start: start.start, end: range.end, line: start.line, column: start.column)
    }

    /// `range` if it is a real position, else the statement's.
    func at(_ candidate: SourceRange) -> SourceRange {
        candidate == .none || candidate.length == 0 && candidate.start == 0 ? range : candidate
    }
}
