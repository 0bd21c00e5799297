import KeelCore
import KeelLineage

/// The impact section: the toolbar (search, collapse by kind, legend), the SVG graph, the panel that
/// shows a selected box's SQL and path, and the same consumers as a table.
struct ImpactSection {
    let graph: ImpactGraph
    let layout: GraphLayout
    var sql: ConsumerSQL
    /// Consumer id → the patch's anchor in the patches section.
    let patchAnchors: [String: String]
    /// Consumer id → what validation saw of its output.
    let outputs: [String: ValidationReport.OutputDiff]
    /// The changed targets' descriptions (operation, type before), by target.
    let rootFacts: [String: [String]]

    static func kindName(_ kind: LineageGraph.ConsumerKind) -> String {
        switch kind {
        case .dbtModel: "dbt model"
        case .dbtSnapshot: "dbt snapshot"
        case .dbtExposure: "dbt exposure"
        case .airflowTask: "DAG task"
        case .view: "view"
        case .materializedView: "materialized view"
        case .dashboard: "dashboard"
        case .report: "report"
        case .api: "API"
        case .notebook: "notebook"
        case .application: "application"
        }
    }

    static func truncated(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    func rootId(_ index: Int) -> String { "r\(index)" }
    func nodeId(_ index: Int) -> String { "n\(index)" }
    static func summaryId(layer: Int, group: LineageGraph.ConsumerGroup) -> String { "s-\(layer)-\(group.rawValue)" }

    mutating func write(into html: inout HTMLWriter) {
        html.raw(#"<section id="impact" aria-labelledby="impact-title"><h2 id="impact-title">Impact</h2>"#)
        if graph.roots.isEmpty && graph.unresolved.isEmpty {
            html.raw("<p>No lineage was given (<code>--lineage lineage.json</code>), so the report cannot show what the change reaches.</p></section>")
            return
        }
        html.open("p")
        let direct = graph.nodes.filter { $0.consumer.dependency == "DIRECT" }.count
        html.text("\(graph.nodes.count) consumer\(graph.nodes.count == 1 ? "" : "s") downstream of ")
        html.text(graph.roots.map(\.target).joined(separator: ", "))
        html.text(": \(direct) DIRECT (the value flows into them), \(graph.nodes.count - direct) INDIRECT (it only filters, joins, groups or orders them). ")
        html.text("Select a box, or focus it and press Enter, to see its SQL and its path to the changed column; arrow keys move between boxes.")
        html.close("p")
        for (target, reason) in graph.unresolved {
            html.open("p", ["class": "notice warn"])
            html.element("strong", text: "Not in lineage: ")
            html.text("\(target): \(reason)")
            html.close("p")
        }
        writeToolbar(into: &html)
        html.raw(#"<div class="impact-layout"><div class="graph-scroll" id="graph-scroll">"#)
        writeSVG(into: &html)
        html.raw("</div>")
        writePanel(into: &html)
        html.raw("</div>")
        writeTable(into: &html)
        html.raw("</section>")
    }

    func writeToolbar(into html: inout HTMLWriter) {
        html.raw(#"<div class="toolbar" role="toolbar" aria-label="Impact graph controls"><label class="search">Search consumers "#)
        html.raw(#"<input type="search" id="graph-search" autocomplete="off" placeholder="name, id, owner, file"></label>"#)
        html.raw(#"<span id="search-count" class="muted" aria-live="polite"></span><span class="collapse-buttons">"#)
        var counts: [LineageGraph.ConsumerGroup: Int] = [:]
        for node in graph.nodes { counts[node.consumer.group, default: 0] += 1 }
        for group in LineageGraph.ConsumerGroup.allCases where counts[group] != nil {
            let collapsed = layout.collapsed.contains(group)
            html.open("button", ["type": "button", "class": "collapse k-\(group.rawValue)", "data-kind": group.rawValue,
                                 "aria-pressed": collapsed ? "true" : "false"])
            html.text("\(group.title) (\(counts[group] ?? 0))")
            html.close("button")
        }
        html.raw("</span>")
        html.raw(#"<span class="legend" aria-hidden="true"><svg width="40" height="12"><line x1="0" y1="6" x2="40" y2="6" class="edge direct"/></svg> DIRECT "#)
        html.raw(#"<svg width="40" height="12"><line x1="0" y1="6" x2="40" y2="6" class="edge indirect"/></svg> INDIRECT</span>"#)
        html.raw("</div>")
        html.raw(#"<p class="muted small">The buttons collapse a kind into one box per layer (pressed = collapsed); groups of more than "#)
        html.text("\(GraphLayout.collapseAbove)")
        html.raw(" start collapsed.</p>")
    }

    func writeSVG(into html: inout HTMLWriter) {
        typealias M = GraphLayout.Metrics
        var positions: [String: (Int, Int)] = [:]
        for placed in layout.placed {
            guard let y = placed.y else { continue }
            switch placed.item {
            case .root(let index): positions[rootId(index)] = (placed.x, y)
            case .node(let index): positions[nodeId(index)] = (placed.x, y)
            case .summary(let layer, let group, _): positions[Self.summaryId(layer: layer, group: group)] = (placed.x, y)
            }
        }
        html.open("svg", ["id": "impact-svg", "xmlns": "http://www.w3.org/2000/svg", "width": "\(layout.width)", "height": "\(layout.height)",
                          "viewBox": "0 0 \(layout.width) \(layout.height)", "role": "group",
                          "aria-label": "Impact graph: \(graph.roots.count) changed, \(graph.nodes.count) consumers",
                          "data-w": "\(M.nodeWidth)", "data-h": "\(M.nodeHeight)", "data-pitch": "\(M.layerPitch)", "data-gap": "\(M.rowGap)",
                          "data-top": "\(M.top)", "data-left": "\(M.left)"])
        html.raw(#"<defs><marker id="arrow-direct" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="arrow direct"/></marker>"#)
        html.raw(#"<marker id="arrow-indirect" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="arrow indirect"/></marker></defs>"#)
        html.raw(#"<g class="layer-labels" aria-hidden="true">"#)
        for layer in 0...graph.depth {
            html.open("text", ["x": "\(M.left + layer * M.layerPitch)", "y": "\(M.top - 14)", "class": "layer-label"])
            html.text(layer == 0 ? "Changed" : "\(layer) step\(layer == 1 ? "" : "s") away")
            html.close("text")
        }
        html.raw(#"</g><g class="edges" aria-hidden="true">"#)
        for edge in graph.edges {
            let from = edge.fromRoot ? rootId(edge.from) : nodeId(edge.from)
            let to = nodeId(edge.to)
            var attributes: [(String, String)] = [("class", "edge " + (edge.direct ? "direct" : "indirect")), ("data-from", from), ("data-to", to)]
            if let start = positions[from], let end = positions[to] {
                attributes.append(("d", GraphLayout.edgePath(fromX: start.0, fromY: start.1, toX: end.0, toY: end.1)))
            } else {
                attributes.append(("d", "M0 0"))
                attributes.append(("style", "display:none"))
            }
            html.raw("<path")
            for (name, value) in attributes { html.raw(" \(name)=\""); html.text(value); html.raw("\"") }
            html.raw("><title>")
            html.text((edge.direct ? "DIRECT" : "INDIRECT") + (edge.subtypes.isEmpty ? "" : ": " + edge.subtypes.joined(separator: ", ")))
            html.raw("</title></path>")
        }
        html.raw(#"</g><g class="nodes">"#)
        var first = true
        for placed in layout.placed {
            let transform = placed.y.map { "translate(\(placed.x),\($0))" } ?? "translate(\(placed.x),0)"
            let hidden = placed.y == nil
            switch placed.item {
            case .root(let index):
                let root = graph.roots[index]
                writeBox(into: &html, id: rootId(index), classes: "node root", layer: 0, kind: "root", search: root.target.lowercased(),
                         label: "Changed column " + root.target + ", reaches \(root.reached) consumers",
                         title: root.target, meta: "changed · reaches \(root.reached)", transform: transform, hidden: hidden, focusable: first, path: [rootId(index)])
                first = false
            case .node(let index):
                let node = graph.nodes[index]
                let consumer = node.consumer
                let search = [consumer.name, consumer.id, consumer.owner ?? "", consumer.location ?? ""].joined(separator: " ").lowercased()
                writeBox(into: &html, id: nodeId(index), classes: "node k-\(consumer.group.rawValue) " + (consumer.dependency == "DIRECT" ? "direct" : "indirect"),
                         layer: node.layer, kind: consumer.group.rawValue, search: search,
                         label: "\(Self.kindName(consumer.kind)) \(consumer.name), \(consumer.dependency), \(node.layer) step\(node.layer == 1 ? "" : "s") away",
                         title: consumer.name, meta: "\(Self.kindName(consumer.kind)) · \(consumer.dependency)", transform: transform, hidden: hidden,
                         focusable: false, path: pathIds(of: index), dataId: consumer.id)
            case .summary(let layer, let group, let count):
                writeBox(into: &html, id: Self.summaryId(layer: layer, group: group), classes: "node summary k-\(group.rawValue)", layer: layer,
                         kind: group.rawValue, search: "", label: "\(count) \(group.title) collapsed; press Enter to expand",
                         title: "\(count) \(group.title)", meta: "collapsed · Enter expands", transform: transform, hidden: hidden, focusable: false, path: [])
            }
        }
        html.raw("</g></svg>")
    }

    /// The DOM ids of the boxes on a node's path: its root and every consumer its path goes through.
    func pathIds(of index: Int) -> [String] {
        let node = graph.nodes[index]
        var ids: [String] = []
        if let root = graph.roots.firstIndex(where: { $0.target == node.root }) { ids.append(rootId(root)) }
        let positions = Dictionary(graph.nodes.enumerated().map { ($1.consumer.id, $0) }, uniquingKeysWith: { first, _ in first })
        for step in node.consumer.path {
            if let job = step.job, let position = positions[job], !ids.contains(nodeId(position)) { ids.append(nodeId(position)) }
        }
        if !ids.contains(nodeId(index)) { ids.append(nodeId(index)) }
        return ids
    }

    func writeBox(into html: inout HTMLWriter, id: String, classes: String, layer: Int, kind: String, search: String, label: String,
                  title: String, meta: String, transform: String, hidden: Bool, focusable: Bool, path: [String], dataId: String? = nil) {
        typealias M = GraphLayout.Metrics
        var attributes = [("id", id), ("class", classes), ("data-layer", "\(layer)"), ("data-kind", kind)]
        if let dataId { attributes.append(("data-id", dataId)) }
        attributes += [("data-search", search), ("data-path", path.joined(separator: " ")), ("role", "button"),
                       ("tabindex", focusable ? "0" : "-1"), ("aria-label", label), ("transform", transform),
                       ("style", hidden ? "display:none" : "display:inline")]
        html.raw("<g")
        for (name, value) in attributes {
            html.raw(" \(name)=\"")
            html.text(value)
            html.raw("\"")
        }
        html.raw(">")
        html.raw(#"<rect width="\#(M.nodeWidth)" height="\#(M.nodeHeight)" rx="6"/><rect class="stripe" width="6" height="\#(M.nodeHeight)" rx="3"/>"#)
        html.raw(#"<text x="14" y="19" class="name">"#)
        html.text(Self.truncated(title, 24))
        html.raw(#"</text><text x="14" y="36" class="meta">"#)
        html.text(Self.truncated(meta, 29))
        html.raw("</text><title>")
        html.text(title)
        html.raw("</title></g>")
    }

    mutating func writePanel(into html: inout HTMLWriter) {
        html.raw(#"<aside class="detail-panel" id="detail-panel" aria-labelledby="detail-title" aria-live="polite">"#)
        html.raw(#"<h3 id="detail-title">Details</h3><div id="detail-empty"><p class="muted">Select a box in the graph to see its SQL and its path to the changed column.</p></div>"#)
        for (index, root) in graph.roots.enumerated() {
            html.open("div", ["class": "detail", "id": "d-" + rootId(index), "hidden": ""])
            html.element("h4", text: root.target)
            html.element("p", ["class": "badge root"], text: "changed")
            html.raw("<ul>")
            for fact in rootFacts[root.target] ?? [] { html.element("li", text: fact) }
            html.element("li", text: "reaches \(root.reached) consumer\(root.reached == 1 ? "" : "s")")
            html.raw("</ul></div>")
        }
        for (index, node) in graph.nodes.enumerated() {
            let consumer = node.consumer
            html.open("div", ["class": "detail", "id": "d-" + nodeId(index), "hidden": ""])
            html.element("h4", text: consumer.name)
            html.raw(#"<p><span class="badge "#)
            html.text(consumer.dependency.lowercased())
            html.raw(#"">"#)
            html.text(consumer.dependency)
            html.raw("</span> ")
            html.text("\(Self.kindName(consumer.kind)), \(node.layer) step\(node.layer == 1 ? "" : "s") from the change")
            html.raw("</p><dl class=\"facts\">")
            html.element("dt", text: "id")
            html.open("dd"); html.element("code", text: consumer.id); html.close("dd")
            if let owner = consumer.owner { html.element("dt", text: "owner"); html.element("dd", text: owner) }
            if let location = consumer.location { html.element("dt", text: "defined in"); html.open("dd"); html.element("code", text: location); html.close("dd") }
            if !consumer.columns.isEmpty {
                html.element("dt", text: "writes")
                html.element("dd", text: consumer.columns.joined(separator: ", "))
            }
            if let output = outputs[consumer.id] {
                html.element("dt", text: "validation")
                html.element("dd", text: OutputStatus.describe(output))
            }
            if let anchor = patchAnchors[consumer.id] {
                html.element("dt", text: "patch")
                html.open("dd"); html.element("a", ["href": "#" + anchor], text: "the plan patches it"); html.close("dd")
            }
            html.raw("</dl>")
            html.element("h5", text: "Path to the changed column")
            html.raw(#"<ol class="path">"#)
            for step in consumer.path {
                html.open("li")
                html.element("code", text: step.node)
                if let job = step.job {
                    html.raw(" <span class=\"muted\">")
                    html.text("← \(step.type ?? "") \(step.subtype ?? "") in \(job)")
                    html.raw("</span>")
                }
                html.close("li")
            }
            html.raw("</ol>")
            html.element("h5", text: "SQL")
            switch sql.source(of: consumer) {
            case .success(let source):
                html.element("p", ["class": "muted small"], text: source.origin)
                html.open("pre", ["class": "sql", "tabindex": "0"]); html.element("code", text: source.text); html.close("pre")
            case .failure(.noSQL(let reason)):
                html.element("p", ["class": "muted"], text: "No SQL: \(reason).")
            case .failure(.unreadable(let file)):
                html.element("p", ["class": "muted"], text: "Its file is not readable here: \(file). Pass the project directory with --project.")
            }
            html.raw("</div>")
        }
        html.raw("</aside>")
    }

    func writeTable(into html: inout HTMLWriter) {
        if graph.nodes.count <= 40 { html.open("details", ["class": "consumer-table", "open": ""]) } else { html.open("details", ["class": "consumer-table"]) }
        html.element("summary", text: "All \(graph.nodes.count) affected consumers, as a table")
        html.raw(#"<div class="table-scroll"><table><thead><tr><th scope="col">Consumer</th><th scope="col">Kind</th><th scope="col">Dependency</th><th scope="col">Steps away</th><th scope="col">Owner</th><th scope="col">Validation</th></tr></thead><tbody>"#)
        let order = graph.nodes.indices.sorted { lhs, rhs in
            let (left, right) = (graph.nodes[lhs], graph.nodes[rhs])
            return (left.consumer.group, left.layer, left.consumer.name) < (right.consumer.group, right.layer, right.consumer.name)
        }
        for index in order {
            let node = graph.nodes[index]
            html.raw("<tr><th scope=\"row\">")
            html.open("a", ["href": "#" + nodeId(index), "class": "select-node", "data-node": nodeId(index)])
            html.text(node.consumer.name)
            html.raw("</a></th>")
            html.element("td", text: Self.kindName(node.consumer.kind))
            html.element("td", text: node.consumer.dependency)
            html.element("td", text: "\(node.layer)")
            html.element("td", text: node.consumer.owner ?? "")
            html.element("td", text: outputs[node.consumer.id].map(OutputStatus.describe) ?? "not replayed")
            html.raw("</tr>")
        }
        html.raw("</tbody></table></div></details>")
    }
}
