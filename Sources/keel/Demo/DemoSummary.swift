import Foundation
import KeelCore
import KeelDemo

/// The demo's printed summaries and its final report.md.
enum DemoSummary {
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.1f s", value)
    }

    /// One line per step: phase, id, lock, rewrite, estimate, whether it can be rolled back.
    static func plan(_ plan: MigrationPlan) -> String {
        var lines = ["plan \(plan.hash.value.prefix(12)): \(plan.steps.count) steps, \(plan.consumerPatches.count) consumer patches"]
        for phase in plan.phases where !phase.steps.isEmpty {
            lines.append("  \(phase.kind.title)")
            for step in phase.steps {
                let lock = step.lock == .none ? "no lock" : step.lock.rawValue
                let undo = step.rollback == nil ? "no rollback" : "rollback ready"
                lines.append("    \(step.id)  \(step.summary)  [\(lock), \(step.rewrite.rawValue), ~\(step.estimate.milliseconds) ms, \(undo)]")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What the sandbox proved: each step's traced lock against the plan, and each replayed output.
    static func validation(_ report: ValidationReport) -> String {
        var lines = ["sandbox: PostgreSQL \(report.sandbox.serverVersion), \(report.sandbox.tables.count) tables (\(report.sandbox.tables.filter(\.sampled).count) sampled)"]
        for step in report.steps {
            let lock = step.observedLock == .none ? "no lock" : step.observedLock.rawValue
            lines.append("  \(step.ok ? "ok  " : "FAIL") \(step.id): took \(lock) (planned \(step.declaredLock.rawValue)), \(step.rewritten ? "rewrote the table" : "no rewrite"), \(step.milliseconds) ms")
        }
        for output in report.outputs {
            let changed = output.columnChanges.isEmpty ? "" : ", changed: \(output.columnChanges.joined(separator: ", "))"
            lines.append("  \(output.ok ? "ok  " : "FAIL") \(output.consumer): \(output.identical)/\(output.baselineRows) rows identical\(changed)")
        }
        for check in report.queryPlans {
            lines.append("  plan \(check.consumer): cost \(check.costBefore) → \(check.costAfter)\(check.flags.isEmpty ? "" : " (" + check.flags.joined(separator: ", ") + ")")")
        }
        if let rollback = report.rollback { lines.append("  rollback restores the catalog exactly: \(rollback.restored ? "yes" : "NO")") }
        return lines.joined(separator: "\n")
    }

    static func writes(_ environment: String, _ stats: BackgroundWriter.Stats) -> String {
        var line = "\(environment) writer: \(stats.inserts) inserts, \(stats.updates) updates, \(stats.failed) failed, slowest write \(Int(stats.slowestMilliseconds.rounded())) ms"
        if let first = stats.firstError { line += "\n  first failure: \(first)" }
        return line
    }

    static func report(plan: MigrationPlan, directory: URL, marks: [(String, ContinuousClock.Instant)], elapsed: Duration,
                       writes: [String: BackgroundWriter.Stats]) -> String {
        var text = "# keel demo: \(plan.change)\n\n\(plan.spec.description ?? "")\n\n"
        text += "Finished in \(seconds(elapsed)), every stage passed.\n\n## Stages\n\n| stage | took |\n|---|---|\n"
        for (previous, mark) in zip(marks, marks.dropFirst()) {
            text += "| \(mark.0) | \(seconds(mark.1 - previous.1)) |\n"
        }
        text += "\n## Plan\n\n```\n\(self.plan(plan))\n```\n"
        text += "\n## Application writes during the rollout\n\n| environment | inserts | updates | failed | slowest |\n|---|---|---|---|---|\n"
        for (environment, stats) in writes.sorted(by: { $0.key > $1.key }) {
            text += "| \(environment) | \(stats.inserts) | \(stats.updates) | \(stats.failed) | \(Int(stats.slowestMilliseconds.rounded())) ms |\n"
        }
        text += "\n## Artifacts\n\n| file | what | sha256 |\n|---|---|---|\n"
        let artifacts = [
            ("catalog.json", "production's catalog before the change"), ("lineage.json", "column lineage of dbt, Airflow, views and dashboards"),
            ("plan.json", "the expand/contract plan"), ("plan.md", "the plan, readable"),
            ("validation.json", "the sandbox validation report"), ("validation.md", "the validation, readable"),
            ("report.html", "the review page: impact graph, plan timeline, patches, validation"),
            ("catalog.after.json", "production's catalog after the consumers moved"), ("lineage.after.json", "lineage after the patches"),
        ]
        for (name, what) in artifacts {
            let hash = (try? Data(contentsOf: directory.appendingPathComponent(name))).map { String(ContentHash(of: $0).value.suffix(64).prefix(16)) }
            text += "| [\(name)](\(name)) | \(what) | `\(hash ?? "missing")` |\n"
        }
        text += "\nThe consumer patches applied are in `patches/`; the scenario's files (dbt project, DAG, keel.yaml) show the patched state.\n"
        return text
    }
}
