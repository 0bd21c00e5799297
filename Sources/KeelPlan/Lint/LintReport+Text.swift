extension LintReport {
    /// The human report: one block per finding, then a summary line.
    ///
    /// ```
    /// migrations/0042.sql:3:22: error [adding-required-field] adding NOT NULL column public.accounts.region without a default …
    ///   fix: add it nullable, backfill in batches, then …
    /// ```
    public func renderText() -> String {
        var lines: [String] = []
        for finding in findings {
            lines.append("\(finding.location): \(finding.severity.rawValue) [\(finding.rule)] \(finding.message)")
            lines.append("  fix: \(finding.advice)")
        }
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        let statements = files.reduce(0) { $0 + $1.statements }
        var summaryLine = "\(plural(summary.errors, "error")), \(plural(summary.warnings, "warning")), \(summary.infos) info"
        summaryLine += " in \(plural(files.count, "file")) (\(plural(statements, "statement")))"
        if catalog == nil { summaryLine += "; no catalog: pass --catalog or --db for catalog-aware checks" }
        lines.append(summaryLine)
        return lines.joined(separator: "\n") + "\n"
    }
}
