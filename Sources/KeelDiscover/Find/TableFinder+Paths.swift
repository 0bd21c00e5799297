extension TableFinder {
    /// A relation that lies on a join path between strong matches, and the paths it is on.
    struct Connector {
        var score = 0.0
        var paths: [String] = []
    }

    static let connectorWeight = 0.5
    static let connectorSeeds = 6
    static let connectorDepth = 3

    /// The relations on the shortest foreign-key paths (at most three links) between the
    /// strongest matches: `inventory` between `rental` and `film`. A request names the tables
    /// it is about; the SQL that serves it also needs the tables that join them.
    func connectors(base: [Double], candidates: [Int32]) -> [Int: Connector] {
        let strongest = candidates.map(Int.init).filter { base[$0] > 0 }.sorted { base[$0] != base[$1] ? base[$0] > base[$1] : $0 < $1 }
        guard let top = strongest.first.map({ base[$0] }) else { return [:] }
        let seeds = Array(strongest.prefix(Self.connectorSeeds).filter { base[$0] >= 0.3 * top })
        guard seeds.count > 1 else { return [:] }
        let seedSet = Set(seeds)
        var found: [Int: Connector] = [:]
        for (n, source) in seeds.enumerated() {
            // Breadth-first from the seed, remembering how each relation was reached.
            var parent: [Int: Int] = [source: source]
            var frontier = [source]
            for _ in 0..<Self.connectorDepth where !frontier.isEmpty {
                var next: [Int] = []
                for node in frontier {
                    for edge in index.adjacency[node] where parent[Int(edge.neighbor)] == nil {
                        parent[Int(edge.neighbor)] = node
                        next.append(Int(edge.neighbor))
                    }
                }
                frontier = next
            }
            for target in seeds[(n + 1)...] {
                guard parent[target] != nil else { continue }
                var path = [target]
                while let last = path.last, last != source, let previous = parent[last] { path.append(previous) }
                let between = path.dropFirst().dropLast().filter { !seedSet.contains($0) }
                guard !between.isEmpty, path.count - 2 == between.count else { continue }
                let bonus = Self.connectorWeight * min(base[source], base[target]) / Double(between.count)
                let description = path.reversed().map { index.relations[$0].display }.joined(separator: " → ")
                for node in between {
                    // The best path counts fully, further ones a quarter: a hub is on every path.
                    var connector = found[node, default: Connector()]
                    connector.score = connector.paths.isEmpty ? bonus : max(connector.score, bonus) + 0.25 * min(connector.score, bonus)
                    connector.paths.append(description)
                    found[node] = connector
                }
            }
        }
        return found
    }
}
