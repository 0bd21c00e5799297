import Foundation
public import KeelCore

extension ValidationReport {
    /// A summary for people: the verdict, the findings, then each check.
    public func markdown() -> String {
        var out = "# Validation: \(passed ? "PASSED" : "FAILED")\n\n"
        out += "- plan: `\(plan.value)`\n- source catalog: `\(catalog.value)`\n- sandbox: PostgreSQL \(sandbox.serverVersion), "
        out += "\(sandbox.tables.count) tables, \(sandbox.tables.reduce(0) { $0 + $1.sandboxRows }) rows (\(sandbox.tables.filter(\.sampled).count) sampled)\n"
        if let executor { out += "- models run by: \(executor == "keel" ? "Keel's executor" : executor)\n" }
        out += "\n"
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
            out += "\n## Outputs against the baseline\n\n"
            out += "| consumer | key | baseline rows | replay rows | identical | modified | removed | added | nonunique_pk | ok |\n"
            out += "|---|---|---|---|---|---|---|---|---|---|\n"
            for diff in outputs {
                let key = diff.key.isEmpty ? "whole row" : diff.key.joined(separator: ", ")
                out += "| \(diff.consumer) | \(key) | \(diff.baselineRows) | \(diff.replayRows) | \(diff.identical) | \(diff.modified) | \(diff.removed) | \(diff.added) | \(diff.nonuniquePK) | \(diff.ok ? "✓" : "✗") |\n"
            }
            for diff in outputs where !diff.ok || !diff.columnChanges.isEmpty || diff.columns.contains(where: { $0.typeBefore != $0.typeAfter }) {
                out += "\n### \(diff.consumer)\n\n"
                if let error = diff.error { out += "- error: \(error)\n" }
                let unexpected = diff.columnChanges.filter { !diff.expectedColumnChanges.contains($0) }
                if !unexpected.isEmpty { out += "- column changes: \(unexpected.joined(separator: ", "))\n" }
                if !diff.expectedColumnChanges.isEmpty { out += "- expected column changes (declared by the plan): \(diff.expectedColumnChanges.joined(separator: ", "))\n" }
                let columns = diff.columns.filter { $0.mismatches > 0 || $0.typeBefore != $0.typeAfter }
                if !columns.isEmpty {
                    out += "\n| column | type before | type after | match rate | mismatches |\n|---|---|---|---|---|\n"
                    for column in columns {
                        let rate = column.matchRate.map { String(format: "%.2f%%", $0 * 100) } ?? "–"
                        out += "| \(column.column) | \(column.typeBefore) | \(column.typeAfter) | \(rate) | \(column.mismatches)/\(column.compared) |\n"
                    }
                }
                if !diff.samples.isEmpty {
                    out += "\nSample rows:\n\n"
                    for sample in diff.samples {
                        let changes = sample.changes.map { "\($0.column): \($0.before ?? "NULL") → \($0.after ?? "NULL")" }
                        out += "- \(sample.status.rawValue) `\(sample.key)`" + (changes.isEmpty ? "" : ": " + changes.joined(separator: ", ")) + "\n"
                    }
                }
            }
        }
        if !queryPlans.isEmpty {
            out += "\n## Query plans\n\n"
            for check in queryPlans {
                out += "- \(check.consumer): \(check.before.joined(separator: " → ")) ⇒ \(check.after.joined(separator: " → ")) (cost \(check.costBefore) → \(check.costAfter)"
                if let before = check.microsecondsBefore, let after = check.microsecondsAfter {
                    out += String(format: "; time %.2f ms → %.2f ms", Double(before) / 1000, Double(after) / 1000)
                }
                out += ")" + (check.flags.isEmpty ? "\n" : ": " + check.flags.joined(separator: "; ") + "\n")
            }
        }
        if let rollback {
            out += "\n## Rollback\n\n" + (rollback.restored ? "The catalog fingerprint returned to `\(rollback.expected.value)`.\n"
                : "The catalog did not return to `\(rollback.expected.value)` (got `\(rollback.observed.value)`).\n")
        }
        return out
    }
}
