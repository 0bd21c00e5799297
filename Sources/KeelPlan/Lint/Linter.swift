public import KeelCore
import Foundation
import KeelSQL

/// One SQL file to lint.
public struct LintSource: Sendable, Equatable {
    /// The path as the user gave it (it appears in findings).
    public var path: String
    /// The file's text.
    public var text: String

    /// Creates a source.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Stage 3's linter: checks hand-written migrations for statements that lock, rewrite or scan live
/// tables, break clients, or cannot run, using the catalog when it has one.
///
/// It is pure: the same files, catalog and options always give the same report.
///
/// ```swift
/// let report = Linter(catalog: catalog).lint([LintSource(path: "0042.sql", text: sql)])
/// report.hasErrors            // true while an error-level finding remains
/// ```
public struct Linter: Sendable {
    /// How to lint.
    public struct Options: Sendable, Equatable {
        /// Whether a migration tool runs each file inside a transaction (`--assume-in-transaction`).
        public var assumeInTransaction: Bool
        /// Rules to skip and severities, from `keel.yaml`.
        public var configuration: LintConfiguration

        /// Creates options.
        public init(assumeInTransaction: Bool = false, configuration: LintConfiguration = .default) {
            self.assumeInTransaction = assumeInTransaction
            self.configuration = configuration
        }
    }

    /// The options.
    public var options: Options
    let catalog: CatalogIndex?

    /// Creates a linter.
    /// - Parameters:
    ///   - catalog: the database's catalog, from `keel discover`; without it, rules judge syntax only.
    ///   - options: transaction mode and configuration.
    public init(catalog: Catalog? = nil, options: Options = Options()) {
        self.catalog = catalog.map(CatalogIndex.init)
        self.options = options
    }

    /// Every rule Keel has, in documentation order.
    public static var rules: [LintRuleInfo] { LintRules.all.map(\.info) }

    /// Lints several files, each on its own (state does not carry from one file to the next).
    /// - Parameter sources: the files, in the order to report them.
    /// - Returns: the report.
    public func lint(_ sources: [LintSource]) -> LintReport {
        var findings: [LintFinding] = []
        var files: [LintReport.File] = []
        for source in sources {
            let result = lintFile(source)
            findings += result.findings
            files.append(LintReport.File(path: source.path, statements: result.statements))
        }
        return LintReport(files: files, findings: findings, catalog: catalog?.catalog.fingerprint.description,
                          assumeInTransaction: options.assumeInTransaction)
    }

    /// Lints one file's text.
    /// - Parameters:
    ///   - text: the SQL.
    ///   - path: the name to report it under.
    /// - Returns: the findings, in source order.
    public func lint(_ text: String, path: String) -> [LintFinding] {
        lintFile(LintSource(path: path, text: text)).findings
    }

    func lintFile(_ file: LintSource) -> (findings: [LintFinding], statements: Int) {
        let source = SourceText(file.text)
        let parsed = Parser.parse(file.text)
        let configuration = options.configuration
        let active: [(rule: any LintRule, severity: LintSeverity)] = LintRules.all.compactMap { rule in
            configuration.severity(of: rule.info).map { (rule, $0) }
        }
        var context = LintContext(catalog: catalog, searchPath: configuration.searchPath,
                                  assumeInTransaction: options.assumeInTransaction)
        var raw: [(rule: any LintRule, severity: LintSeverity, violation: LintViolation, statement: Int?)] = []
        var reportedOnce: Set<String> = []

        // Unparseable SQL is a finding, never a crash.
        if let syntax = active.first(where: { $0.rule.id == SyntaxError.ruleID }) {
            for diagnostic in parsed.diagnostics where diagnostic.severity == .error {
                let index = parsed.statements.firstIndex { $0.range.start <= diagnostic.range.start && diagnostic.range.start <= $0.range.end }
                let violation = LintViolation("cannot parse: \(diagnostic.message)", at: diagnostic.range)
                raw.append((syntax.rule, syntax.severity, violation, index))
            }
        }
        for (index, statement) in parsed.statements.enumerated() {
            let item = LintStatement(index: index, statement: statement, source: source)
            if case .invalid = statement.kind {
                context.advance(past: item)
                continue
            }
            for (rule, severity) in active where !(rule.oncePerFile && reportedOnce.contains(rule.id)) {
                let violations = rule.check(item, in: context)
                guard !violations.isEmpty else { continue }
                if rule.oncePerFile {
                    reportedOnce.insert(rule.id)
                    raw.append((rule, severity, violations[0], index))
                } else {
                    raw += violations.map { (rule, severity, $0, index) }
                }
            }
            context.advance(past: item)
        }
        for (rule, severity) in active where !(rule.oncePerFile && reportedOnce.contains(rule.id)) {
            let violations = rule.finish(in: context)
            raw += (rule.oncePerFile ? Array(violations.prefix(1)) : violations).map { violation in
                let index = parsed.statements.firstIndex { $0.range.start <= violation.range.start && violation.range.start < Swift.max($0.range.end, $0.range.start + 1) }
                return (rule, severity, violation, index)
            }
        }

        // Suppression comments.
        let suppression = Suppression(source: source, statements: parsed.statements.map(\.range))
        var used: Set<Int> = []
        var findings: [LintFinding] = []
        for entry in raw {
            if let directive = suppression.silences(entry.rule.id, statement: entry.statement),
               let position = suppression.directives.firstIndex(of: directive) {
                used.insert(position)
                continue
            }
            // A violation's own severity can only lower the configured one (e.g. "cannot tell without a catalog").
            let severity = entry.violation.severity.map { Swift.min($0, entry.severity) } ?? entry.severity
            findings.append(finding(entry.rule.info, severity: severity, entry.violation, statement: entry.statement,
                                    path: file.path, source: source))
        }
        let unusedSilenced = suppression.directives.contains { $0.wholeFile && $0.rules.contains(UnusedIgnore.ruleID) }
        if !unusedSilenced, let unused = active.first(where: { $0.rule.id == UnusedIgnore.ruleID }) {
            for (position, directive) in suppression.directives.enumerated() where !used.contains(position) {
                let unknown = directive.rules.filter { LintRules.info($0) == nil }
                let message: String
                if !unknown.isEmpty {
                    message = "keel-ignore names no rule called \(unknown.map { "\"\($0)\"" }.joined(separator: ", "))"
                } else if directive.wholeFile {
                    message = "keel-ignore-file \(directive.rules.joined(separator: ", ")) silences nothing in this file"
                } else {
                    let what = directive.rules.isEmpty ? "any rule" : directive.rules.joined(separator: ", ")
                    message = "keel-ignore \(what) silences nothing on the statement it applies to"
                }
                findings.append(finding(unused.rule.info, severity: unused.severity, LintViolation(message, at: directive.range),
                                        statement: directive.statement, path: file.path, source: source))
            }
        }
        findings.sort { ($0.line, $0.column, $0.rule, $0.message) < ($1.line, $1.column, $1.rule, $1.message) }
        return (findings, parsed.statements.count)
    }

    func finding(_ rule: LintRuleInfo, severity: LintSeverity, _ violation: LintViolation, statement: Int?,
                 path: String, source: SourceText) -> LintFinding {
        let range = violation.range
        let end = SourceLocator.position(of: range.end, in: source.bytes)
        return LintFinding(rule: rule.id, severity: severity, message: violation.message,
                           advice: violation.advice ?? rule.advice, file: path, line: range.line, column: range.column,
                           endLine: Swift.max(end.line, range.line), endColumn: end.line > range.line ? end.column : Swift.max(end.column, range.column),
                           statement: statement, object: violation.object)
    }
}
