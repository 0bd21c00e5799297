import KeelCore
import KeelLineage

/// The impact of a plan as a graph a reviewer can read: the changed columns, then every consumer they
/// reach, one layer per step away from them. An edge runs from what writes a column (a consumer, or
/// the changed column itself) to the consumer whose SQL reads it; it is DIRECT when the value flows,
/// INDIRECT when the column only filters, joins, groups or orders.
struct ImpactGraph {
    /// A changed column or relation (layer 0).
    struct Root {
        var target: String
        /// How many consumers it reaches.
        var reached: Int
    }

    /// A consumer reached from some root.
    struct Node {
        var consumer: ImpactedConsumer
        /// Steps from the roots in this graph (1 for a consumer reading a changed column).
        var layer: Int
        /// The root its path starts at.
        var root: String
    }

    struct Edge: Hashable {
        /// A root index (`root: true`) or a node index.
        var from: Int
        var fromRoot: Bool
        var to: Int
        var direct: Bool
        /// OpenLineage subtypes seen on the underlying column edges, sorted.
        var subtypes: [String]
    }

    var roots: [Root] = []
    var nodes: [Node] = []
    var edges: [Edge] = []
    /// Targets lineage does not know (a new table, or lineage built before the column existed).
    var unresolved: [(target: String, reason: String)] = []

    /// The graph of `targets` in `lineage`.
    init(targets: [String], lineage: LineageGraph) {
        let analyzer = ImpactAnalyzer(index: LineageIndex(lineage))
        var reports: [(String, ImpactReport)] = []
        for target in targets {
            do {
                let report = try analyzer.impact(of: target)
                reports.append((report.target, report))
                roots.append(Root(target: report.target, reached: report.consumers.count))
            } catch {
                unresolved.append((target, error.message))
            }
        }
        // One entry per consumer: DIRECT beats INDIRECT, then the shorter path.
        var best: [String: (consumer: ImpactedConsumer, root: String)] = [:]
        var order: [String] = []
        for (root, report) in reports {
            for consumer in report.consumers {
                if let existing = best[consumer.id] {
                    let better = (consumer.dependency == "DIRECT" && existing.consumer.dependency != "DIRECT")
                        || (consumer.dependency == existing.consumer.dependency && consumer.depth < existing.consumer.depth)
                    if better { best[consumer.id] = (consumer, root) }
                } else {
                    best[consumer.id] = (consumer, root)
                    order.append(consumer.id)
                }
            }
        }
        let consumerIds = Set(order)
        var index: [String: Int] = [:]
        for id in order {
            guard let entry = best[id] else { continue }
            index[id] = nodes.count
            nodes.append(Node(consumer: entry.consumer, layer: 0, root: entry.root))
        }
        let rootIndex = Dictionary(roots.enumerated().map { ($1.target, $0) }, uniquingKeysWith: { first, _ in first })

        // Who writes each reached column, from the traversed edges.
        var writers: [String: Set<Int>] = [:]
        for (_, report) in reports {
            for edge in report.edges where !consumerIds.contains(edge.to) {
                if let job = index[edge.job] { writers[edge.to, default: []].insert(job) }
            }
        }
        func rootOf(_ column: String) -> Int? {
            if let found = rootIndex[column] { return found }
            return roots.indices.first { column.hasPrefix(roots[$0].target + ".") }
        }
        struct Key: Hashable { var from: Int; var fromRoot: Bool; var to: Int }
        var merged: [Key: (direct: Bool, subtypes: Set<String>)] = [:]
        var keyOrder: [Key] = []
        func connect(_ key: Key, direct: Bool, subtype: String?) {
            var entry = merged[key] ?? (direct: false, subtypes: [])
            if merged[key] == nil { keyOrder.append(key) }
            entry.direct = entry.direct || direct
            if let subtype { entry.subtypes.insert(subtype) }
            merged[key] = entry
        }
        for (_, report) in reports {
            for edge in report.edges {
                guard let job = index[edge.job] else { continue }
                let direct = edge.type == "DIRECT"
                if let root = rootOf(edge.from) {
                    connect(Key(from: root, fromRoot: true, to: job), direct: direct, subtype: edge.subtype)
                }
                for writer in writers[edge.from] ?? [] where writer != job {
                    connect(Key(from: writer, fromRoot: false, to: job), direct: direct, subtype: edge.subtype)
                }
            }
        }
        // A consumer reached without a drawn edge (a reader of a relation target) hangs off its path's start.
        let targets = Set(keyOrder.map(\.to))
        for (position, node) in nodes.enumerated() where !targets.contains(position) {
            let previousJob = node.consumer.path.dropLast().last?.job.flatMap { index[$0] }
            if let previousJob, previousJob != position {
                connect(Key(from: previousJob, fromRoot: false, to: position), direct: node.consumer.dependency == "DIRECT", subtype: nil)
            } else if let root = rootIndex[node.root] {
                connect(Key(from: root, fromRoot: true, to: position), direct: node.consumer.dependency == "DIRECT", subtype: nil)
            }
        }
        edges = keyOrder.compactMap { key in
            guard let value = merged[key] else { return nil }
            return Edge(from: key.from, fromRoot: key.fromRoot, to: key.to, direct: value.direct, subtypes: value.subtypes.sorted())
        }
        assignLayers()
    }

    /// Breadth-first from the roots over the drawn edges; a node no edge reaches keeps its lineage depth.
    private mutating func assignLayers() {
        var layer = [Int](repeating: -1, count: nodes.count)
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        var queue: [Int] = []
        for edge in edges {
            if edge.fromRoot {
                if layer[edge.to] < 0 { layer[edge.to] = 1; queue.append(edge.to) }
            } else {
                outgoing[edge.from].append(edge.to)
            }
        }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in outgoing[node] where layer[next] < 0 {
                layer[next] = layer[node] + 1
                queue.append(next)
            }
        }
        for position in nodes.indices {
            nodes[position].layer = layer[position] > 0 ? layer[position] : max(1, nodes[position].consumer.depth)
        }
    }

    /// The deepest layer.
    var depth: Int { nodes.map(\.layer).max() ?? 0 }
}
