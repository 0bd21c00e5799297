import Foundation
import KeelCore

/// The validation section: findings, the lock trace (declared against observed), dual writes, each
/// replayed output, query plans before and after with regressions called out, and rollback.
struct ValidationSection {
    let validation: ValidationReport?

    func write(into html: inout HTMLWriter) {
        html.raw(#"<section id="validation" aria-labelledby="validation-title"><h2 id="validation-title">Validation</h2>"#)
        guard let validation else {
            html.raw("<p>No validation report was given. Run <code>keel validate plan.json …</code> and pass <code>--validation validation.json</code>.</p></section>")
            return
        }
        html.open("p", ["class": validation.passed ? "verdict ok" : "verdict bad"])
        html.element("strong", text: validation.passed ? "Passed" : "Failed")
        let rows = validation.sandbox.tables.reduce(Int64(0)) { $0 + $1.sandboxRows }
        html.text(": \(validation.steps.count) steps traced, \(validation.dualWrite.count) dual-write checks, \(validation.outputs.count) outputs replayed, "
                  + "\(validation.queryPlans.count) query plans compared; sandbox PostgreSQL \(validation.sandbox.serverVersion) with "
                  + "\(validation.sandbox.tables.count) tables, \(rows) rows (\(validation.sandbox.tables.filter(\.sampled).count) sampled).")
        html.close("p")
        if !validation.findings.isEmpty {
            html.raw(#"<h3>Findings</h3><ul class="findings">"#)
            for finding in validation.findings {
                html.open("li", ["class": finding.severity == .error ? "bad" : "warn"])
                html.element("strong", text: finding.severity.rawValue)
                html.text(" [\(finding.check)] \(finding.subject): \(finding.message)")
                html.close("li")
            }
            html.raw("</ul>")
        }
        writeLocks(validation, into: &html)
        writeDualWrite(validation, into: &html)
        writeOutputs(validation, into: &html)
        writeQueryPlans(validation, into: &html)
        html.raw("<h3>Rollback</h3>")
        if let rollback = validation.rollback {
            html.open("p", ["class": rollback.restored ? "ok" : "bad"])
            html.text(rollback.restored ? "Rolling back restored the catalog exactly (fingerprint \(rollback.expected.short))."
                      : "Rolling back did not restore the catalog: expected \(rollback.expected.short), got \(rollback.observed.short).")
            html.close("p")
        } else {
            html.element("p", ["class": "muted"], text: "Rollback was not checked.")
        }
        html.raw("</section>")
    }

    static func mark(_ ok: Bool) -> String { ok ? "✓ ok" : "✗ no" }

    func writeLocks(_ validation: ValidationReport, into html: inout HTMLWriter) {
        html.raw(#"<h3>Lock trace</h3><div class="table-scroll"><table><caption>Each step's strongest table lock and rewrite, as declared by the plan and as observed in the sandbox</caption>"#)
        html.raw(#"<thead><tr><th scope="col">Step</th><th scope="col">Declared lock</th><th scope="col">Observed lock</th><th scope="col">Rewrite declared</th><th scope="col">Rewritten</th><th scope="col">Time</th><th scope="col">Result</th></tr></thead><tbody>"#)
        for step in validation.steps {
            let stronger = step.observedLock > step.declaredLock
            html.open("tr", ["class": step.ok && !stronger ? "" : "bad"])
            html.open("th", ["scope": "row"]); html.element("code", text: step.id); html.close("th")
            html.element("td", text: step.declaredLock.rawValue)
            html.element("td", ["class": stronger ? "bad" : ""], text: step.observedLock.rawValue + (stronger ? " (stronger than declared)" : ""))
            html.element("td", text: step.declaredRewrite.rawValue)
            html.element("td", text: step.rewritten ? "yes" : "no")
            html.element("td", ["class": "num"], text: "\(step.milliseconds) ms")
            html.element("td", text: Self.mark(step.ok))
            html.close("tr")
        }
        html.raw("</tbody></table></div>")
    }

    func writeDualWrite(_ validation: ValidationReport, into html: inout HTMLWriter) {
        guard !validation.dualWrite.isEmpty else { return }
        html.raw(#"<h3>Dual write</h3><div class="table-scroll"><table><caption>Writes through one shape of a replaced column, read back through the other</caption>"#)
        html.raw(#"<thead><tr><th scope="col">Table</th><th scope="col">Write</th><th scope="col">Column written</th><th scope="col">Expected</th><th scope="col">Observed</th><th scope="col">Result</th></tr></thead><tbody>"#)
        for check in validation.dualWrite {
            html.open("tr", ["class": check.ok ? "" : "bad"])
            html.open("th", ["scope": "row"]); html.element("code", text: check.table.display); html.close("th")
            html.element("td", text: check.write)
            html.open("td"); html.element("code", text: check.written); html.close("td")
            html.open("td"); html.element("code", text: check.expected); html.close("td")
            html.open("td"); html.element("code", text: check.observed ?? "NULL"); html.close("td")
            html.element("td", text: Self.mark(check.ok))
            html.close("tr")
        }
        html.raw("</tbody></table></div>")
    }

    func writeOutputs(_ validation: ValidationReport, into html: inout HTMLWriter) {
        guard !validation.outputs.isEmpty else { return }
        html.raw(#"<h3>Replayed outputs</h3><div class="table-scroll"><table><caption>Each consumer's output after the change against its baseline</caption>"#)
        html.raw(#"<thead><tr><th scope="col">Consumer</th><th scope="col">Baseline rows</th><th scope="col">Replay rows</th><th scope="col">Identical</th><th scope="col">Removed</th><th scope="col">Added</th><th scope="col">Columns</th><th scope="col">Details</th><th scope="col">Result</th></tr></thead><tbody>"#)
        for output in validation.outputs {
            html.open("tr", ["class": output.ok ? "" : "bad"])
            html.open("th", ["scope": "row"]); html.element("code", text: output.consumer); html.close("th")
            for value in [output.baselineRows, output.replayRows, output.identical, output.removed, output.added] {
                html.element("td", ["class": "num"], text: "\(value)")
            }
            html.element("td", text: output.columnChanges.isEmpty ? "all match" : "changed: " + output.columnChanges.joined(separator: ", "))
            html.open("td")
            if let error = output.error { html.element("p", ["class": "bad"], text: error) }
            // Fields newer than this renderer (per-status counts, per-column matches, sample rows) are shown as they come.
            for (key, value) in ExtraFields.of(output, known: ["consumer", "baselineRows", "replayRows", "identical", "removed", "added", "columnChanges", "ok", "error"]) {
                html.open("div", ["class": "extra"])
                html.element("span", ["class": "muted"], text: key + ": ")
                if value.contains("\n") {
                    html.open("pre", ["class": "sample", "tabindex": "0"]); html.element("code", text: value); html.close("pre")
                } else {
                    html.text(value)
                }
                html.close("div")
            }
            html.close("td")
            html.element("td", text: OutputStatus.describe(output))
            html.close("tr")
        }
        html.raw("</tbody></table></div>")
    }

    func writeQueryPlans(_ validation: ValidationReport, into html: inout HTMLWriter) {
        guard !validation.queryPlans.isEmpty else { return }
        let regressions = validation.queryPlans.filter { !$0.flags.isEmpty }.count
        html.raw("<h3>Query plans</h3>")
        html.element("p", text: regressions == 0 ? "No query plan regressed." : "\(regressions) query plan\(regressions == 1 ? "" : "s") regressed (called out below).")
        for check in validation.queryPlans {
            html.open("article", ["class": check.flags.isEmpty ? "query-plan" : "query-plan flagged"])
            html.open("h4"); html.element("code", text: check.consumer); html.close("h4")
            if !check.flags.isEmpty {
                html.raw(#"<div class="flag" role="note"><strong>Regression:</strong><ul>"#)
                for flag in check.flags { html.element("li", text: flag) }
                html.raw("</ul></div>")
            }
            html.raw(#"<div class="plans">"#)
            for (title, nodes, cost) in [("Before", check.before, check.costBefore), ("After", check.after, check.costAfter)] {
                html.raw("<div>")
                html.element("h5", text: "\(title) · cost \(cost)")
                html.raw(#"<ol class="plan-nodes">"#)
                for node in nodes { html.element("li", text: node) }
                html.raw("</ol></div>")
            }
            html.raw("</div></article>")
        }
    }
}

/// One line about a replayed output, for tables and the graph's panel.
enum OutputStatus {
    static func describe(_ output: ValidationReport.OutputDiff) -> String {
        if let error = output.error { return "✗ failed: \(error)" }
        if output.ok && output.removed == 0 && output.added == 0 && output.columnChanges.isEmpty {
            return "✓ identical (\(output.identical) rows)"
        }
        let difference = "\(output.removed) removed, \(output.added) added" + (output.columnChanges.isEmpty ? "" : ", columns " + output.columnChanges.joined(separator: ", "))
        return (output.ok ? "✓ accepted: " : "✗ differs: ") + difference
    }
}

/// The fields of an encoded value that a renderer does not know by name, as readable text: the
/// report shows what a newer validation report carries without being changed for it.
enum ExtraFields {
    static func of(_ value: some Encodable, known: Set<String>) -> [(String, String)] {
        guard let data = try? CanonicalJSON.encodeCompact(value),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return object.keys.sorted().filter { !known.contains($0) }.compactMap { key in
            // Absent, null and empty values say nothing.
            guard let field = object[key], !(field is NSNull), (field as? [Any])?.isEmpty != true,
                  (field as? [String: Any])?.isEmpty != true, (field as? String)?.isEmpty != true else { return nil }
            return (key, text(field))
        }
    }

    static func text(_ value: Any) -> String {
        if let string = value as? String { return string }
        if let object = value as? [String: Any] {
            return object.keys.sorted().map { "\($0) \(object[$0].map { text($0) } ?? "")" }.joined(separator: ", ")
        }
        if let array = value as? [Any] {
            if array.contains(where: { $0 is [String: Any] || $0 is [Any] }) { return array.map { text($0) }.joined(separator: "\n") }
            return array.map { text($0) }.joined(separator: ", ")
        }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return String(describing: value)
    }
}
