import KeelCore
import KeelSQL

extension ChangeSpec.RawSQL: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let statements = SQLScript.split(up)
        guard !statements.isEmpty else { throw context.invalid("up", "holds no statement") }
        let parsed = Parser.parse(up)
        if let error = parsed.diagnostics.first(where: { $0.severity == .error }) {
            throw .invalidSQL(index: context.operationIndex, operation: context.operationName, field: "up",
                              reason: "\(error.range.line):\(error.range.column): \(error.message)", line: context.line)
        }
        // Keel cannot derive the locks and effects of arbitrary SQL, so it lints it and says so.
        let findings = Linter(catalog: context.catalog).lint(up, path: "operations[\(context.operationIndex)].sql.up")
        for finding in findings where finding.severity >= .warning {
            context.note(.warning, "raw SQL line \(finding.line): [\(finding.rule)] \(finding.message)")
        }
        context.note(.warning, "raw SQL is carried as written and cannot be verified by the planner; the sandbox traces its real locks")
        let concurrent = statements.contains { $0.text.uppercased().contains("CONCURRENTLY") }
        let rollback: [SQL]? = down.map { text in SQLScript.split(text).map { TrustedSQL.authorScript($0.text) } }
        context.add(.expand, StepDraft(
            summary: "raw SQL (unverifiable): \(statements.count) statement\(statements.count == 1 ? "" : "s")", table: nil,
            statements: statements.map { TrustedSQL.authorScript($0.text) }, transactional: !concurrent,
            lock: .accessExclusive, rollback: rollback, verifiable: false))
    }
}
