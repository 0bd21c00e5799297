public import KeelCore

/// What `keel lint` found: the findings of every file, in file and then source order.
///
/// Written as JSON by `keel lint --format json` (`"kind": "lint-report"`); rendered as text or
/// SARIF 2.1.0 by ``renderText()`` and ``sarif(toolVersion:)``.
public struct LintReport: Artifact {
    public static let kind = "lint-report"
    public static let currentFormatVersion = 1

    /// One linted file.
    public struct File: Codable, Sendable, Equatable {
        /// The path as given.
        public var path: String
        /// How many statements it holds.
        public var statements: Int

        /// Creates a file entry.
        public init(path: String, statements: Int) {
            self.path = path
            self.statements = statements
        }
    }

    /// Counts by severity.
    public struct Summary: Codable, Sendable, Equatable {
        public var errors: Int
        public var warnings: Int
        public var infos: Int

        /// Creates a summary.
        public init(errors: Int, warnings: Int, infos: Int) {
            self.errors = errors
            self.warnings = warnings
            self.infos = infos
        }
    }

    public var formatVersion: Int
    public var kind: String
    /// The files, in the order given.
    public var files: [File]
    /// The findings, by file, then line, column and rule.
    public var findings: [LintFinding]
    /// Counts by severity.
    public var summary: Summary
    /// The fingerprint of the catalog the rules used, or `nil` when linting without one.
    public var catalog: String?
    /// Whether each file was assumed to run inside a transaction.
    public var assumeInTransaction: Bool

    /// Creates a report.
    public init(files: [File], findings: [LintFinding], catalog: String?, assumeInTransaction: Bool) {
        self.formatVersion = Self.currentFormatVersion
        self.kind = Self.kind
        self.files = files
        self.findings = findings
        self.catalog = catalog
        self.assumeInTransaction = assumeInTransaction
        self.summary = Summary(errors: findings.filter { $0.severity == .error }.count,
                               warnings: findings.filter { $0.severity == .warning }.count,
                               infos: findings.filter { $0.severity == .info }.count)
    }

    /// Whether an error-level finding remains (then `keel lint` exits 1).
    public var hasErrors: Bool { summary.errors > 0 }

    /// The exit status the CLI uses: ``ExitStatus/findings`` while an error remains.
    public var exitStatus: ExitStatus { hasErrors ? .findings : .success }
}
