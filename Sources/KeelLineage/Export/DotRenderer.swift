import Foundation

/// Draws an impact closure in Graphviz DOT: columns as boxes, consumers as ellipses, DIRECT edges
/// solid and INDIRECT edges dashed, each labelled with its subtype and job.
public enum DotRenderer {
    /// The `digraph impact { … }` text.
    public static func render(_ report: ImpactReport) -> String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let consumerIds = Set(report.consumers.map(\.id))
        var nodes: [String] = [report.target]
        for edge in report.edges { nodes += [edge.from, edge.to] }
        for consumer in report.consumers { nodes.append(consumer.id) }
        var seen = Set<String>()
        nodes = nodes.filter { seen.insert($0).inserted }
        var lines = ["digraph impact {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for node in nodes {
            let shape = consumerIds.contains(node) || node.contains(":") ? "ellipse" : "box"
            let extra = node == report.target ? ", penwidth=3" : ""
            lines.append("  \(quote(node)) [shape=\(shape)\(extra)];")
        }
        for edge in report.edges {
            let style = edge.type == "DIRECT" ? "solid" : "dashed"
            lines.append("  \(quote(edge.from)) -> \(quote(edge.to)) [label=\(quote(edge.subtype)), tooltip=\(quote(edge.job)), style=\(style)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}
