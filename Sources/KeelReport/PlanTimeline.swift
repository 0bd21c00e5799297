import KeelCore

/// The plan as a timeline of its five phases: each step with its SQL, lock, rewrite or scan, estimate
/// and rollback. Steps that validation flagged (a finding on the step, a stronger lock or an
/// undeclared rewrite observed, a failed run) are highlighted with the reason.
struct PlanTimeline {
    let plan: MigrationPlan
    let validation: ValidationReport?

    /// Why validation flags a step, if it does.
    static func flags(for step: MigrationPlan.Step, in validation: ValidationReport?) -> [String] {
        guard let validation else { return [] }
        var reasons: [String] = []
        if let trace = validation.steps.first(where: { $0.id == step.id }) {
            if !trace.ok { reasons.append("the step failed in the sandbox") }
            if trace.observedLock > trace.declaredLock {
                reasons.append("took \(trace.observedLock.rawValue), declared \(trace.declaredLock.rawValue)")
            }
            if trace.rewritten && trace.declaredRewrite != .rewrite { reasons.append("rewrote the table, declared \(trace.declaredRewrite.rawValue)") }
        }
        for finding in validation.findings where finding.subject == step.id {
            let text = "\(finding.severity.rawValue) [\(finding.check)]: \(finding.message)"
            if !reasons.contains(text) { reasons.append(text) }
        }
        return reasons
    }

    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 120_000 { return "\(milliseconds / 1000) s" }
        return "\(milliseconds / 60_000) min"
    }

    static func rewriteText(_ rewrite: TableRewrite) -> String {
        switch rewrite {
        case .none: "no rewrite, no scan"
        case .scan: "scans the table"
        case .rewrite: "writes every row"
        }
    }

    func write(into html: inout HTMLWriter) {
        html.raw(#"<section id="plan" aria-labelledby="plan-title"><h2 id="plan-title">Plan</h2>"#)
        let total = plan.steps.reduce(Int64(0)) { $0 + $1.estimate.milliseconds }
        let flagged = plan.steps.filter { !Self.flags(for: $0, in: validation).isEmpty }.count
        html.open("p")
        html.text("\(plan.steps.count) steps in five phases, about \(Self.duration(total)) in all.")
        if validation != nil { html.text(flagged == 0 ? " Validation flagged no step." : " Validation flagged \(flagged) step\(flagged == 1 ? "" : "s") (highlighted).") }
        html.close("p")
        html.raw(#"<ol class="timeline">"#)
        for phase in plan.phases {
            html.open("li", ["class": "phase", "id": "phase-" + phase.kind.rawValue])
            html.open("h3")
            html.text(phase.kind.title)
            html.raw(" <span class=\"muted small\">")
            html.text(phase.steps.isEmpty ? "nothing to do" : "\(phase.steps.count) step\(phase.steps.count == 1 ? "" : "s")")
            html.raw("</span></h3>")
            for step in phase.steps { writeStep(step, into: &html) }
            html.close("li")
        }
        html.raw("</ol>")
        if !plan.notes.isEmpty {
            html.raw("<h3>Notes</h3><ul class=\"notes\">")
            for note in plan.notes {
                html.open("li", ["class": note.severity == .warning ? "warn" : ""])
                html.element("strong", text: note.severity == .warning ? "warning" : "info")
                html.text((note.operation.map { " (operation \($0))" } ?? "") + ": " + note.message)
                html.close("li")
            }
            html.raw("</ul>")
        }
        html.raw("</section>")
    }

    func writeStep(_ step: MigrationPlan.Step, into html: inout HTMLWriter) {
        let flags = Self.flags(for: step, in: validation)
        html.open("article", ["class": flags.isEmpty ? "step" : "step flagged", "id": "step-" + HTML.token(step.id), "aria-labelledby": "step-title-" + HTML.token(step.id)])
        html.open("h4", ["id": "step-title-" + HTML.token(step.id)])
        html.element("code", text: step.id)
        html.text(" " + step.summary)
        html.close("h4")
        html.raw(#"<ul class="chips">"#)
        if let table = step.table { html.open("li"); html.element("code", text: table.display); html.close("li") }
        html.element("li", ["class": "lock " + (step.lock.blocksReads ? "lock-reads" : step.lock.blocksWrites ? "lock-writes" : "lock-ok")],
                     text: "lock " + step.lock.rawValue
                        + (step.lock.blocksReads ? " (blocks reads and writes)" : step.lock.blocksWrites ? " (blocks writes)" : ""))
        html.element("li", text: Self.rewriteText(step.rewrite))
        html.element("li", text: step.transactional ? "in a transaction" : "outside a transaction")
        html.element("li", text: "about " + Self.duration(step.estimate.milliseconds) + (step.estimate.rows.map { " for \($0) rows" } ?? ""))
        if !step.verifiable { html.element("li", ["class": "warn"], text: "unverifiable SQL") }
        if let trace = validation?.steps.first(where: { $0.id == step.id }) {
            html.element("li", ["class": trace.ok && flags.isEmpty ? "ok" : "bad"],
                         text: "sandbox: took \(trace.observedLock.rawValue), \(trace.rewritten ? "rewritten" : "not rewritten"), \(trace.milliseconds) ms")
        }
        html.raw("</ul>")
        if !flags.isEmpty {
            html.raw(#"<div class="flag" role="note"><strong>Flagged by validation:</strong><ul>"#)
            for flag in flags { html.element("li", text: flag) }
            html.raw("</ul></div>")
        }
        if let gate = step.gate {
            html.open("p", ["class": "gate"])
            html.element("strong", text: "Gate: ")
            html.text("runs only when no consumer reads " + gate.noConsumersOf.joined(separator: ", "))
            if !gate.consumersAtPlanTime.isEmpty { html.text(" (at plan time: " + gate.consumersAtPlanTime.joined(separator: ", ") + ")") }
            html.close("p")
        }
        if !step.statements.isEmpty { Self.sqlBlock("SQL", step.statements.map { $0.text + ";" }.joined(separator: "\n"), open: true, into: &html) }
        if let backfill = step.backfill {
            Self.sqlBlock("Each batch (\(backfill.batchSize) rows by \(backfill.key.display))", backfill.batch.text + ";", open: true, into: &html)
            Self.sqlBlock("Done when this returns 0", backfill.remaining.text + ";", open: false, into: &html)
        }
        if let rollback = step.rollback {
            if rollback.isEmpty { html.element("p", ["class": "muted"], text: "Rollback: nothing to undo.") } else {
                Self.sqlBlock("Rollback", rollback.map { $0.text + ";" }.joined(separator: "\n"), open: false, into: &html)
            }
        } else {
            html.element("p", ["class": "warn"], text: "Rollback: none. This step cannot be undone.")
        }
        html.close("article")
    }

    static func sqlBlock(_ title: String, _ sql: String, open: Bool, into html: inout HTMLWriter) {
        if open { html.open("details", ["class": "sql-block", "open": ""]) } else { html.open("details", ["class": "sql-block"]) }
        html.element("summary", text: title)
        html.open("pre", ["class": "sql", "tabindex": "0"])
        html.element("code", text: sql)
        html.raw("</pre></details>")
    }
}
