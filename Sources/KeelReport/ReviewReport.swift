public import Foundation
public import KeelCore

/// `report.html`: one self-contained page for reviewing a change — the summary and gates, the impact
/// graph, the plan as a timeline, the consumer patches, validation, and the artifacts' hashes.
///
/// Styles and script are inline; the page loads nothing from the network. Every value taken from
/// the artifacts is HTML-escaped (``HTML/escape(_:)``). The same inputs always give the same bytes:
/// the page carries no timestamp.
///
/// ```swift
/// let url = try ReviewReport.write(plan: plan, validation: report, lineage: graph, catalog: catalog,
///                                  project: projectDirectory, to: outputDirectory.appendingPathComponent("report.html"))
/// ```
public enum ReviewReport {
    /// The report's file name beside the other artifacts.
    public static let fileName = "report.html"

    /// The page.
    /// - Parameters:
    ///   - plan: The plan (`plan.json`): the change, its steps and the consumer patches.
    ///   - validation: `validation.json` for this plan, if it was validated.
    ///   - lineage: The lineage graph the impact graph is drawn from (the one the plan was made with).
    ///   - catalog: The source catalog: view definitions and column types.
    ///   - project: The directory consumer locations are relative to (keel.yaml's), to show their SQL.
    /// - Returns: The HTML text.
    /// - Throws: ``ReportError/validationForAnotherPlan(validation:plan:)`` when the validation report
    ///   is for another plan.
    public static func render(plan: MigrationPlan, validation: ValidationReport?, lineage: LineageGraph?, catalog: Catalog?,
                              project: URL? = nil) throws(ReportError) -> String {
        if let validation, validation.plan != plan.hash {
            throw .validationForAnotherPlan(validation: validation.plan, plan: plan.hash)
        }
        let targets = ChangedColumns.targets(of: plan)
        let graph = lineage.map { ImpactGraph(targets: targets, lineage: $0) }
        var html = HTMLWriter(capacity: 64 * 1024 + (graph?.nodes.count ?? 0) * 3000)
        html.raw(#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">"#)
        html.raw(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">"#)
        html.raw("<title>")
        html.text("Keel review: \(plan.change)")
        html.raw("</title><style>\(Styles.css)</style></head><body>")
        html.raw(##"<a class="skip" href="#main">Skip to the report</a><header class="top" role="banner"><h1>"##)
        html.text("Keel review: \(plan.change)")
        html.raw("</h1><p>")
        html.text(plan.spec.description ?? "\(plan.spec.operations.count) operation\(plan.spec.operations.count == 1 ? "" : "s")")
        html.raw(" · plan <code>")
        html.text(plan.hash.short)
        html.raw("</code></p></header>")
        html.raw(##"<nav class="sections" aria-label="Sections"><ul><li><a href="#summary">Summary</a></li><li><a href="#impact">Impact</a></li><li><a href="#plan">Plan</a></li><li><a href="#patches">Patches</a></li><li><a href="#validation">Validation</a></li><li><a href="#artifacts">Artifacts</a></li></ul></nav>"##)
        html.raw(#"<main id="main">"#)
        if let catalog, catalog.fingerprint != plan.inputs.catalog {
            html.open("p", ["class": "notice warn", "role": "note"])
            html.text("The catalog given (\(catalog.fingerprint.short)) is not the one the plan was made from (\(plan.inputs.catalog.short)): view definitions and column types come from it.")
            html.close("p")
        }
        if let lineage, let expected = plan.inputs.lineage, let hash = try? lineage.contentHash(), hash != expected {
            html.open("p", ["class": "notice warn", "role": "note"])
            html.text("The lineage given (\(hash.short)) is not the one the plan was made with (\(expected.short)): the impact graph shows what the given lineage says.")
            html.close("p")
        }
        SummarySection(plan: plan, validation: validation, graph: graph, catalog: catalog).write(into: &html)
        if let graph {
            var outputs: [String: ValidationReport.OutputDiff] = [:]
            for output in validation?.outputs ?? [] { outputs[output.consumer] = output }
            var anchors: [String: String] = [:]
            for patch in plan.consumerPatches where anchors[patch.consumer] == nil { anchors[patch.consumer] = PatchesSection.anchor(patch) }
            var section = ImpactSection(graph: graph, layout: GraphLayout(graph), sql: ConsumerSQL(project: project, catalog: catalog),
                                        patchAnchors: anchors, outputs: outputs, rootFacts: rootFacts(plan: plan, catalog: catalog, roots: graph.roots.map(\.target)))
            section.write(into: &html)
        } else {
            html.raw(#"<section id="impact" aria-labelledby="impact-title"><h2 id="impact-title">Impact</h2><p>No lineage was given: pass <code>--lineage lineage.json</code> (from keel lineage build) to see what the change reaches.</p></section>"#)
        }
        PlanTimeline(plan: plan, validation: validation).write(into: &html)
        PatchesSection(patches: plan.consumerPatches).write(into: &html)
        ValidationSection(validation: validation).write(into: &html)
        writeArtifacts(plan: plan, validation: validation, lineage: lineage, catalog: catalog, into: &html)
        html.raw("</main><footer>")
        html.text("Written by keel report from plan \(plan.hash.value). Self-contained: it loads nothing from the network.")
        html.raw(#"</footer><pre id="keel-selfcheck" hidden></pre><script>"#)
        html.raw(Script.javascript)
        html.raw("</script></body></html>\n")
        return html.output
    }

    /// Renders the report and writes it (atomically).
    /// - Parameters: as ``render(plan:validation:lineage:catalog:project:)``, and `url`, the file to write.
    /// - Returns: `url`, for the caller to print.
    /// - Throws: ``ReportError``.
    @discardableResult
    public static func write(plan: MigrationPlan, validation: ValidationReport?, lineage: LineageGraph?, catalog: Catalog?,
                             project: URL? = nil, to url: URL) throws(ReportError) -> URL {
        let text = try render(plan: plan, validation: validation, lineage: lineage, catalog: catalog, project: project)
        do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
            throw .unwritable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return url
    }

    /// What the panel says about each changed target: the operations on it and, from the catalog, its type.
    static func rootFacts(plan: MigrationPlan, catalog: Catalog?, roots: [String]) -> [String: [String]] {
        var facts: [String: [String]] = [:]
        for root in roots {
            for (index, operation) in plan.spec.operations.enumerated() {
                let table = ChangedColumns.table(of: index, in: plan)
                if ChangedColumns.target(of: operation, table: table) == root {
                    facts[root, default: []].append(operation.name + " " + OperationText.describe(operation, table: table))
                }
            }
            for replacement in plan.replacements ?? [] where replacement.table.display + "." + replacement.old.display == root {
                facts[root, default: []].append("replaced by \(replacement.new.display)" + (replacement.synced ? ", kept in step by a trigger until the contract" : ""))
            }
            guard let catalog else { continue }
            for table in catalog.tables where root.hasPrefix(table.qualifiedName.display + ".") || root == table.qualifiedName.display {
                if let column = table.columns.first(where: { table.qualifiedName.display + "." + $0.name.display == root }) {
                    facts[root, default: []].append("today: \(column.type)\(column.nullable ? "" : " NOT NULL")")
                }
                if let rows = table.stats?.rowEstimate { facts[root, default: []].append("\(table.qualifiedName.display): about \(rows) rows") }
            }
        }
        return facts
    }

    static func writeArtifacts(plan: MigrationPlan, validation: ValidationReport?, lineage: LineageGraph?, catalog: Catalog?, into html: inout HTMLWriter) {
        html.raw(#"<section id="artifacts" aria-labelledby="artifacts-title"><h2 id="artifacts-title">Artifacts</h2><dl class="hashes">"#)
        func row(_ name: String, _ value: String, _ note: String? = nil) {
            html.element("dt", text: name)
            html.open("dd")
            html.element("code", text: value)
            if let note { html.raw(" <span class=\"muted small\">"); html.text(note); html.raw("</span>") }
            html.close("dd")
        }
        row("plan", plan.hash.value)
        row("catalog fingerprint", plan.inputs.catalog.value, catalog.map { $0.fingerprint == plan.inputs.catalog ? "matches the catalog given" : "the catalog given is \($0.fingerprint.short)" })
        row("change spec", plan.inputs.spec.value)
        if let expected = plan.inputs.lineage {
            let given = lineage.flatMap { try? $0.contentHash() }
            row("lineage", expected.value, given.map { $0 == expected ? "matches the lineage given" : "the lineage given is \($0.short)" })
        }
        if let validation {
            row("validation report", (try? validation.contentHash().value) ?? "unhashable",
                "for plan \(validation.plan.short), catalog \(validation.catalog.short)")
        } else {
            row("validation report", "none given")
        }
        html.raw("</dl></section>")
    }
}
