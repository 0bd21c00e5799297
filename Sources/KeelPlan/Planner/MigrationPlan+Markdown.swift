public import KeelCore

extension MigrationPlan {
    /// `plan.md`: the plan for people: each phase, each step with its lock, rewrite, estimate,
    /// SQL and rollback, then the consumer patches and the notes.
    public func markdown() -> String {
        var out = "# Plan: \(change)\n\n"
        if let description = spec.description { out += "\(description)\n\n" }
        out += "- plan hash: `\(hash.value)`\n- catalog fingerprint: `\(inputs.catalog.value)`\n"
        if let lineage = inputs.lineage { out += "- lineage: `\(lineage.value)`\n" }
        out += "- steps: \(steps.count); estimated total \(Self.duration(steps.reduce(0) { $0 + $1.estimate.milliseconds }))\n\n"
        for phase in phases {
            out += "## \(phase.kind.title)\n\n"
            if phase.steps.isEmpty {
                out += "Nothing to do.\n\n"
                continue
            }
            for step in phase.steps {
                out += "### \(step.id): \(step.summary)\n\n"
                var facts = ["lock **\(step.lock.rawValue)**", Self.rewrite(step.rewrite), step.transactional ? "in a transaction" : "outside a transaction",
                             "about \(Self.duration(step.estimate.milliseconds))"]
                if let table = step.table { facts.insert("`\(table.display)`", at: 0) }
                if !step.verifiable { facts.append("**unverifiable**") }
                out += facts.joined(separator: " · ") + "\n\n"
                if let gate = step.gate {
                    out += "Gate: runs only when no consumer reads \(gate.noConsumersOf.map { "`\($0)`" }.joined(separator: ", "))"
                    out += gate.consumersAtPlanTime.isEmpty ? ".\n\n" : " (at plan time: \(gate.consumersAtPlanTime.map { "`\($0)`" }.joined(separator: ", "))).\n\n"
                }
                if !step.statements.isEmpty {
                    out += "```sql\n" + step.statements.map { $0.text + ";" }.joined(separator: "\n") + "\n```\n\n"
                }
                if let backfill = step.backfill {
                    out += "Batches of \(backfill.batchSize) rows by `\(backfill.key.display)`; each batch:\n\n```sql\n\(backfill.batch.text);\n```\n\n"
                    out += "Done when this returns 0:\n\n```sql\n\(backfill.remaining.text);\n```\n\n"
                }
                if let rollback = step.rollback {
                    out += rollback.isEmpty ? "Rollback: nothing to undo.\n\n"
                        : "Rollback:\n\n```sql\n" + rollback.map { $0.text + ";" }.joined(separator: "\n") + "\n```\n\n"
                } else {
                    out += "Rollback: **none**: this step cannot be undone.\n\n"
                }
            }
        }
        if !consumerPatches.isEmpty {
            out += "## Consumer patches\n\n"
            for patch in consumerPatches {
                out += "### \(patch.file) (\(patch.consumer))\n\n```diff\n\(patch.diff)```\n\n"
            }
        }
        if !notes.isEmpty {
            out += "## Notes\n\n"
            for note in notes {
                out += "- \(note.severity == .warning ? "**warning**" : "info")\(note.operation.map { " (operation \($0))" } ?? ""): \(note.message)\n"
            }
        }
        return out
    }

    static func rewrite(_ rewrite: TableRewrite) -> String {
        switch rewrite {
        case .none: "no rewrite, no scan"
        case .scan: "scans the table"
        case .rewrite: "writes every row"
        }
    }

    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 120_000 { return "\(milliseconds / 1000) s" }
        return "\(milliseconds / 60_000) min"
    }
}
