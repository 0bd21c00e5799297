import KeelCore
import KeelLineage

/// Where each box of the impact graph goes. Columns are layers (the changed columns, then one per
/// step away from them); within a layer boxes stack by consumer group (dbt models, DAG tasks, views,
/// exposures, dashboards, APIs), then dependency (DIRECT first) and name. A collapsed group takes one
/// summary box per layer. The page's script repeats this stacking when a group is collapsed or a
/// search hides boxes, with the same constants (``Metrics``), so the first paint needs no script.
struct GraphLayout {
    /// Sizes in CSS pixels, shared with the script through `data-` attributes on the `<svg>`.
    enum Metrics {
        static let nodeWidth = 208
        static let nodeHeight = 46
        static let layerPitch = 250
        static let rowGap = 10
        static let top = 40
        static let left = 12
    }

    /// One box: a changed column, a consumer, or a collapsed group's summary.
    enum Item: Equatable {
        case root(Int)
        case node(Int)
        case summary(layer: Int, group: LineageGraph.ConsumerGroup, count: Int)
    }

    struct Placed {
        var item: Item
        var layer: Int
        /// `nil` when hidden (a collapsed group's node, or an expanded group's summary).
        var x: Int
        var y: Int?
    }

    /// Groups with more consumers than this start collapsed.
    static let collapseAbove = 24

    /// Every box in drawing order (layer, then stacking order), with its position.
    var placed: [Placed] = []
    var width = 0
    var height = 0
    /// The groups drawn collapsed at first.
    var collapsed: Set<LineageGraph.ConsumerGroup> = []

    init(_ graph: ImpactGraph) {
        var counts: [LineageGraph.ConsumerGroup: Int] = [:]
        for node in graph.nodes { counts[node.consumer.group, default: 0] += 1 }
        collapsed = Set(counts.filter { $0.value > Self.collapseAbove }.map(\.key))

        var byLayer: [Int: [Int]] = [:]
        for (position, node) in graph.nodes.enumerated() { byLayer[node.layer, default: []].append(position) }
        let layers = byLayer.keys.sorted()
        var maxBottom = Metrics.top
        func x(_ layer: Int) -> Int { Metrics.left + layer * Metrics.layerPitch }
        var y = Metrics.top
        for root in graph.roots.indices {
            placed.append(Placed(item: .root(root), layer: 0, x: x(0), y: y))
            y += Metrics.nodeHeight + Metrics.rowGap
        }
        maxBottom = max(maxBottom, y)
        for layer in layers {
            let members = (byLayer[layer] ?? []).sorted { lhs, rhs in
                let (left, right) = (graph.nodes[lhs].consumer, graph.nodes[rhs].consumer)
                return (left.group, left.dependency == "DIRECT" ? 0 : 1, left.name, left.id)
                    < (right.group, right.dependency == "DIRECT" ? 0 : 1, right.name, right.id)
            }
            var y = Metrics.top
            var position = 0
            while position < members.count {
                let group = graph.nodes[members[position]].consumer.group
                var end = position
                while end < members.count, graph.nodes[members[end]].consumer.group == group { end += 1 }
                let isCollapsed = collapsed.contains(group)
                placed.append(Placed(item: .summary(layer: layer, group: group, count: end - position), layer: layer, x: x(layer),
                                     y: isCollapsed ? y : nil))
                if isCollapsed { y += Metrics.nodeHeight + Metrics.rowGap }
                for member in members[position..<end] {
                    placed.append(Placed(item: .node(member), layer: layer, x: x(layer), y: isCollapsed ? nil : y))
                    if !isCollapsed { y += Metrics.nodeHeight + Metrics.rowGap }
                }
                position = end
            }
            maxBottom = max(maxBottom, y)
        }
        width = x(layers.last ?? 0) + Metrics.nodeWidth + Metrics.left
        height = maxBottom + Metrics.rowGap
    }

    /// The path of an edge between two boxes: a curve left to right, or a loop on the right side when
    /// the target is not further right.
    static func edgePath(fromX: Int, fromY: Int, toX: Int, toY: Int) -> String {
        let half = Metrics.nodeHeight / 2
        let (x1, y1, y2) = (fromX + Metrics.nodeWidth, fromY + half, toY + half)
        if toX > fromX {
            let x2 = toX - 6
            let middle = (x1 + x2) / 2
            return "M\(x1) \(y1)C\(middle) \(y1) \(middle) \(y2) \(x2) \(y2)"
        }
        let x2 = toX + Metrics.nodeWidth + 6
        let bulge = max(x1, x2) + 40
        return "M\(x1) \(y1)C\(bulge) \(y1) \(bulge) \(y2) \(x2) \(y2)"
    }
}
