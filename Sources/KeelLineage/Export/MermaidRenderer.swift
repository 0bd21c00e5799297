import Foundation

/// Draws an impact closure as a Mermaid flowchart: columns as boxes grouped by relation, consumers as
/// rounded nodes, DIRECT edges solid and INDIRECT edges dotted, each labelled with its subtype.
public enum MermaidRenderer {
    /// The flowchart text (`graph LR` …).
    public static func render(_ report: ImpactReport) -> String {
        var ids: [String: String] = [:]
        func id(_ node: String) -> String {
            if let existing = ids[node] { return existing }
            let new = "n\(ids.count)"
            ids[node] = new
            return new
        }
        func label(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\"", with: "#quot;") + "\""
        }
        let consumerIds = Set(report.consumers.map(\.id))
        var nodes: [String] = [report.target]
        for edge in report.edges { nodes += [edge.from, edge.to] }
        for consumer in report.consumers { nodes.append(consumer.id) }
        var seen = Set<String>()
        nodes = nodes.filter { seen.insert($0).inserted }
        var lines = ["graph LR"]
        for node in nodes {
            let shape = consumerIds.contains(node) || node.contains(":") ? "([\(label(node))])" : "[\(label(node))]"
            lines.append("  \(id(node))\(shape)")
        }
        for edge in report.edges {
            let arrow = edge.type == "DIRECT" ? "-->" : "-.->"
            lines.append("  \(id(edge.from)) \(arrow)|\(label(edge.subtype))| \(id(edge.to))")
        }
        lines.append("  style \(id(report.target)) stroke-width:3px")
        return lines.joined(separator: "\n")
    }
}
