import KeelCore

/// What an ``ImpactReport`` spells out beyond its consumers (each with its path and columns) and its
/// reached columns (each with its depth and dependency).
///
/// On a large closure these are most of the work: a source's key column can reach 12,000 columns and
/// 40,000 edges, and a path per column and the edge list turn a millisecond answer into megabytes.
public struct ImpactDetail: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The shortest path to each reached column (``ImpactedColumn/path``; left empty without it).
    public static let columnPaths = ImpactDetail(rawValue: 1)
    /// The edges traversed (``ImpactReport/edges``; left empty without it), for drawing.
    public static let edges = ImpactDetail(rawValue: 2)
    /// Everything: what ``ImpactAnalyzer/impact(of:direction:maxDepth:)`` and `--format json` give.
    public static let all: ImpactDetail = [.columnPaths, .edges]
}

/// The answer to an impact question, as node numbers: every consumer reached (sorted by group, depth
/// and name, with its depth, dependency and the reached columns it writes) and every column reached
/// (sorted by depth and name, with its depth and dependency). Names, paths and edges are spelled out
/// only by ``report(detail:)``.
public struct ImpactClosure: Sendable {
    /// A reached consumer.
    struct Entry: Sendable {
        var job: Int32
        var depth: Int32
        var direct: Bool
        /// The node its shortest path ends at (-1 for a reader of a relation target).
        var node: Int32
        /// The reached columns it writes, by column id.
        var columns: [Int32]
        /// A reader of the relation target that uses none of its columns.
        var readerOnly: Bool
    }

    /// A traversed edge.
    struct EdgeKey: Sendable {
        var from: Int32
        var to: Int32
        var job: Int32
        var code: UInt8
    }

    let index: LineageIndex
    /// The target, resolved: `public.invoices.amount`, `public.invoices` or a consumer id.
    public let target: String
    /// `column`, `relation` or `consumer`.
    public let targetKind: String
    /// `downstream` or `upstream`.
    public let direction: ImpactDirection
    /// The `--depth` limit, if any.
    public let maxDepth: Int?
    let direct: ImpactAnalyzer.Search
    let all: ImpactAnalyzer.Search
    let consumers: [Entry]
    /// Reached column ids (the target's own excluded), sorted by depth and name.
    let columns: [Int32]
    /// Traversed edges, unsorted, possibly repeated.
    let edges: [EdgeKey]
    /// Foreign keys on the target (see ``ImpactReport/joinKeys``).
    public let joinKeys: [ImpactedKey]?

    /// The number of consumers reached.
    public var consumerCount: Int { consumers.count }
    /// The number of columns reached.
    public var columnCount: Int { columns.count }
    /// The reached consumers' ids, in report order.
    public var consumerIds: [String] { consumers.map { index.graph.consumers[Int($0.job)].id } }
    /// The reached columns (`schema.table.column`), in report order.
    public var columnNames: [String] { columns.map { index.label(Int($0)) } }

    /// The report, with the detail asked for (everything by default).
    public func report(detail: ImpactDetail = .all) -> ImpactReport {
        var consumers: [ImpactedConsumer] = []
        consumers.reserveCapacity(self.consumers.count)
        for entry in self.consumers {
            let consumer = index.graph.consumers[Int(entry.job)]
            let path = entry.readerOnly ? [ImpactStep(node: target), ImpactStep(node: consumer.id, job: consumer.id)]
                : self.path(to: Int(entry.node), direct: entry.direct)
            consumers.append(ImpactedConsumer(
                id: consumer.id, name: consumer.name, kind: consumer.kind, owner: consumer.owner, location: consumer.location,
                depth: Int(entry.depth), dependency: entry.direct ? "DIRECT" : "INDIRECT", path: path,
                columns: entry.columns.map { index.label(Int($0)) }))
        }
        var columns: [ImpactedColumn] = []
        columns.reserveCapacity(self.columns.count)
        for node32 in self.columns {
            let node = Int(node32)
            let isDirect = direct.reached(node)
            let depth = isDirect ? direct.depth[node] : all.depth[node]
            columns.append(ImpactedColumn(column: index.label(node), depth: Int(depth), dependency: isDirect ? "DIRECT" : "INDIRECT", path: []))
        }
        var report = ImpactReport(target: target, targetKind: targetKind, direction: direction, maxDepth: maxDepth,
                                  consumers: consumers, columns: columns, edges: [], joinKeys: joinKeys)
        complete(&report, detail: detail)
        return report
    }

    /// Adds detail to a report this closure made with less: the columns' paths, the edges.
    public func complete(_ report: inout ImpactReport, detail: ImpactDetail) {
        if detail.contains(.columnPaths), report.columns.count == columns.count {
            for (position, node32) in columns.enumerated() where report.columns[position].path.isEmpty {
                let node = Int(node32)
                report.columns[position].path = path(to: node, direct: direct.reached(node))
            }
        }
        if detail.contains(.edges), report.edges.isEmpty { report.edges = sortedEdges() }
    }

    /// The shortest path to `node`, target first, in the DIRECT search or the full one.
    func path(to node: Int, direct useDirect: Bool) -> [ImpactStep] {
        let state = useDirect ? direct : all
        var steps: [ImpactStep] = []
        var current = node
        while current >= 0 {
            let parent = Int(state.parent[current])
            let job = Int(state.job[current])
            if parent >= 0, job >= 0, let transformation = LineageGraph.Transformation(rawValue: Int(state.code[current])) {
                steps.append(ImpactStep(node: index.label(current), job: index.graph.consumers[job].id,
                                        type: transformation.type, subtype: transformation.subtype))
            } else {
                steps.append(ImpactStep(node: index.label(current)))
            }
            current = parent
        }
        return steps.reversed()
    }

    /// The edges, without repeats, sorted by source, target, job and subtype names (compared by rank).
    func sortedEdges() -> [ImpactEdge] {
        let rank = index.labelRank
        let jobBase = index.columnCount
        let subtypeRank = Self.subtypeRank
        func key(_ edge: EdgeKey) -> (Int32, Int32, Int32, UInt8) {
            (rank[Int(edge.from)], rank[Int(edge.to)], rank[jobBase + Int(edge.job)], subtypeRank[Int(edge.code)])
        }
        let sorted = edges.sorted { key($0) < key($1) }
        var result: [ImpactEdge] = []
        result.reserveCapacity(sorted.count)
        var previous: (Int32, Int32, Int32, UInt8)?
        for edge in sorted {
            let current = key(edge)
            if let previous, previous == current { continue }
            previous = current
            guard let transformation = LineageGraph.Transformation(rawValue: Int(edge.code)) else { continue }
            result.append(ImpactEdge(from: index.label(Int(edge.from)), to: index.label(Int(edge.to)),
                                     job: index.graph.consumers[Int(edge.job)].id, type: transformation.type, subtype: transformation.subtype))
        }
        return result
    }

    /// Each transformation code's subtype, ranked by name.
    static let subtypeRank: [UInt8] = {
        let cases = LineageGraph.Transformation.allCases
        let byName = cases.sorted { $0.subtype < $1.subtype }
        var rank = [UInt8](repeating: 0, count: (cases.map(\.rawValue).max() ?? 0) + 1)
        for (position, transformation) in byName.enumerated() { rank[transformation.rawValue] = UInt8(position) }
        return rank
    }()
}
