public import KeelCore

extension ValidationReport {
    /// A summary for people: the verdict, the findings, then each check.
    public func markdown() -> String {
        var out = "# Validation: \(passed ? "PASSED" : "FAILED")\n\n"
        out += "- plan: `\(plan.value)`\n- source catalog: `\(catalog.value)`\n- sandbox: PostgreSQL \(sandbox.serverVersion), "
        out += "\(sandbox.tables.count) tables, \(sandbox.tables.reduce(0) { $0 + $1.sandboxRows }) rows (\(sandbox.tables.filter(\.sampled).count) sampled)\n\n"
        if !findings.isEmpty {
            out += "## Findings\n\n"
            for finding in findings { out += "- **\(finding.severity.rawValue)** [\(finding.check)] \(finding.subject): \(finding.message)\n" }
            out += "\n"
        }
        out += "## Steps\n\n| step | declared lock | observed lock | rewrite declared | rewritten | ms | ok |\n|---|---|---|---|---|---|---|\n"
        for step in steps {
            out += "| \(step.id) | \(step.declaredLock.rawValue) | \(step.observedLock.rawValue) | \(step.declaredRewrite.rawValue) | \(step.rewritten ? "yes" : "no") | \(step.milliseconds) | \(step.ok ? "✓" : "✗") |\n"
        }
        if !dualWrite.isEmpty {
            out += "\n## Dual write\n\n| table | write | expected | observed | ok |\n|---|---|---|---|---|\n"
            for check in dualWrite {
                out += "| \(check.table.display) | \(check.write) | \(check.expected) | \(check.observed ?? "NULL") | \(check.ok ? "✓" : "✗") |\n"
            }
        }
        if !outputs.isEmpty {
            out += "\n## Outputs against the baseline\n\n| consumer | baseline rows | replay rows | identical | removed | added | ok |\n|---|---|---|---|---|---|---|\n"
            for diff in outputs {
                out += "| \(diff.consumer) | \(diff.baselineRows) | \(diff.replayRows) | \(diff.identical) | \(diff.removed) | \(diff.added) | \(diff.ok ? "✓" : "✗") |\n"
            }
        }
        if !queryPlans.isEmpty {
            out += "\n## Query plans\n\n"
            for check in queryPlans {
                out += "- \(check.consumer): \(check.before.joined(separator: " → ")) ⇒ \(check.after.joined(separator: " → ")) (cost \(check.costBefore) → \(check.costAfter))"
                out += check.flags.isEmpty ? "\n" : ": " + check.flags.joined(separator: "; ") + "\n"
            }
        }
        if let rollback {
            out += "\n## Rollback\n\n" + (rollback.restored ? "The catalog fingerprint returned to `\(rollback.expected.value)`.\n"
                : "The catalog did not return to `\(rollback.expected.value)` (got `\(rollback.observed.value)`).\n")
        }
        return out
    }
}
