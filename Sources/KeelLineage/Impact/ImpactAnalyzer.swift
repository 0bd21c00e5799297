import Foundation
import KeelCore
import KeelSQL

/// Answers "what does a change to this column (relation, consumer) affect?" — and the reverse —
/// from a ``LineageIndex``.
///
/// The closure is a breadth-first search over the graph's edges, done twice: once over DIRECT edges
/// only (the value flows: IDENTITY, TRANSFORMATION, AGGREGATION) and once over every edge. A node
/// reached by the first search is a DIRECT dependency, one reached only by the second is INDIRECT
/// (it is only filtered, joined, grouped or ordered by the target). A column of a relation whose
/// columns Keel could not list (`*`) also reaches that relation's `*`.
///
/// ```swift
/// let analyzer = ImpactAnalyzer(index: LineageIndex(graph))
/// let report = try analyzer.impact(of: "public.invoices.amount")
/// report.consumers.map(\.name)   // stg_invoices, fct_invoice_revenue, …, GET /invoices/{id}
/// ```
public struct ImpactAnalyzer: Sendable {
    /// The indexed graph.
    public let index: LineageIndex
    /// Schemas tried, in order, for a target written without one.
    public let searchPath: [String]

    /// Creates an analyzer.
    public init(index: LineageIndex, searchPath: [String] = ["public"]) {
        self.index = index
        self.searchPath = searchPath
    }

    /// A resolved target.
    enum Target {
        case column(Int)
        case relation(Int)
        case consumer(Int)
    }

    /// The closure of `target`.
    /// - Parameters:
    ///   - target: `schema.table.column`, `schema.table`, `table[.column]` (searched along the search path,
    ///     then in any schema when unique), or a consumer id (`dbt:model.billing_dbt.stg_invoices`).
    ///   - direction: downstream (what it affects) or upstream (what feeds it).
    ///   - maxDepth: stop after this many edges.
    /// - Returns: the report.
    /// - Throws: ``ImpactError`` when the target names nothing in the graph.
    public func impact(of target: String, direction: ImpactDirection = .downstream, maxDepth: Int? = nil) throws(ImpactError) -> ImpactReport {
        let resolved = try resolve(target)
        return impact(of: resolved, direction: direction, maxDepth: maxDepth)
    }

    // MARK: Resolving names

    func resolve(_ text: String) throws(ImpactError) -> Target {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidTarget(text) }
        if let consumer = index.consumer(id: trimmed) { return .consumer(consumer) }
        let parts = NameParts.split(trimmed, foldCase: true)
        guard !parts.contains(where: \.isEmpty) else {
            if trimmed.contains(":") { throw .unknownNode(trimmed, suggestions: consumerSuggestions(trimmed)) }
            throw .invalidTarget(text)
        }
        func relation(_ schema: String, _ name: String) -> Int? {
            index.relation(named: RelationKey(schema: schema, name: name).display)
        }
        func column(_ name: String, of relation: Int) throws(ImpactError) -> Target {
            if let column = index.column(name, in: relation) { return .column(column) }
            let star = index.starColumn[relation]
            if star >= 0 { return .column(Int(star)) }
            throw .unknownColumn(relation: index.graph.relations[relation].name, column: name,
                                 columns: index.graph.relations[relation].columns)
        }
        switch parts.count {
        case 1:
            if let found = try unqualified(parts[0]) { return .relation(found) }
            if let consumer = try consumerNamed(trimmed) { return .consumer(consumer) }
        case 2:
            if let found = relation(parts[0], parts[1]) { return .relation(found) }
            if let found = try unqualified(parts[0]) { return try column(parts[1], of: found) }
            if let consumer = try consumerNamed(trimmed) { return .consumer(consumer) }
        default:
            let schema = parts[parts.count - 3]
            let name = parts[parts.count - 2]
            if let found = relation(schema, name) { return try column(parts[parts.count - 1], of: found) }
            if parts.count == 3, let found = relation(parts[1], parts[2]) { return .relation(found) }   // db.schema.table
            if let consumer = try consumerNamed(trimmed) { return .consumer(consumer) }
        }
        throw .unknownNode(trimmed, suggestions: relationSuggestions(parts))
    }

    /// A relation named without its schema: the first match along the search path, else the only one.
    func unqualified(_ name: String) throws(ImpactError) -> Int? {
        for schema in searchPath {
            if let found = index.relation(named: RelationKey(schema: schema, name: name).display) { return found }
        }
        let matches = index.relationsByBareName[name] ?? []
        if matches.count > 1 { throw .ambiguous(name, candidates: matches.map { index.graph.relations[$0].name }) }
        return matches.first
    }

    /// A consumer named by its name (`snapshot_revenue`, `nightly_billing.snapshot_revenue`, `Top customers`).
    func consumerNamed(_ name: String) throws(ImpactError) -> Int? {
        let matches = index.graph.consumers.indices.filter {
            let consumer = index.graph.consumers[$0]
            return consumer.name == name || consumer.id.hasSuffix(":" + name) || consumer.id.hasSuffix("." + name)
        }
        if matches.count > 1 { throw .ambiguous(name, candidates: matches.map { index.graph.consumers[$0].id }) }
        return matches.first
    }

    func relationSuggestions(_ parts: [String]) -> [String] {
        let name = parts.count >= 2 ? parts[parts.count - 2] : parts[0]
        let last = parts[parts.count - 1]
        let matches = (index.relationsByBareName[name] ?? []) + (index.relationsByBareName[last] ?? [])
        return Array(Set(matches.map { index.graph.relations[$0].name })).sorted()
    }

    func consumerSuggestions(_ text: String) -> [String] {
        let tail = text.split(separator: ".").last.map(String.init) ?? text
        return index.graph.consumers.map(\.id).filter { $0.hasSuffix(tail) }.sorted()
    }

    // MARK: The closure

    /// Breadth-first search state over node ids.
    struct Search {
        var depth: [Int32]
        var parent: [Int32]
        var code: [UInt8]
        var job: [Int32]
        var order: [Int32] = []

        init(nodes: Int) {
            depth = [Int32](repeating: -1, count: nodes)
            parent = [Int32](repeating: -1, count: nodes)
            code = [UInt8](repeating: 0, count: nodes)
            job = [Int32](repeating: -1, count: nodes)
        }

        func reached(_ node: Int) -> Bool { depth[node] >= 0 }
    }

    func search(from starts: [Int], _ adjacency: LineageIndex.Adjacency, directOnly: Bool, maxDepth: Int?) -> Search {
        var state = Search(nodes: index.nodeCount)
        let limit = Int32(clamping: maxDepth ?? Int.max)
        let columnCount = index.columnCount
        var queue: [Int32] = []
        func visit(_ node: Int, depth: Int32, parent: Int32, code: UInt8, job: Int32) {
            guard state.depth[node] < 0 else { return }
            state.depth[node] = depth
            state.parent[node] = parent
            state.code[node] = code
            state.job[node] = job
            queue.append(Int32(node))
        }
        for start in starts { visit(start, depth: 0, parent: -1, code: 0, job: -1) }
        var head = 0
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            let depth = state.depth[node]
            if node < columnCount {
                // A column also stands for its relation's unlisted columns (`*`).
                let star = index.starColumn[index.relation(ofColumn: node)]
                if star >= 0, Int(star) != node { visit(Int(star), depth: depth, parent: Int32(node), code: 0, job: -1) }
            }
            guard depth < limit else { continue }
            let range = Int(adjacency.start[node])..<Int(adjacency.start[node + 1])
            for edge in range {
                let code = adjacency.code[edge]
                if directOnly, code > 2 { continue }
                visit(Int(adjacency.other[edge]), depth: depth + 1, parent: Int32(node), code: code, job: adjacency.job[edge])
            }
        }
        state.order = queue
        return state
    }

    func impact(of target: Target, direction: ImpactDirection, maxDepth: Int?) -> ImpactReport {
        let columnCount = index.columnCount
        var starts: [Int] = []
        let targetLabel: String
        let targetKind: String
        switch target {
        case .column(let column):
            starts = [column]
            targetLabel = index.label(column)
            targetKind = "column"
        case .relation(let relation):
            starts = Array(index.columns(of: relation))
            targetLabel = index.graph.relations[relation].name
            targetKind = "relation"
        case .consumer(let consumer):
            starts = [columnCount + consumer]
            for statement in index.graph.consumers[consumer].statements { starts += statement.written }
            starts = Array(Set(starts)).sorted()
            targetLabel = index.graph.consumers[consumer].id
            targetKind = "consumer"
        }
        let adjacency = direction == .downstream ? index.forward : index.backward
        let direct = search(from: starts, adjacency, directOnly: true, maxDepth: maxDepth)
        let all = search(from: starts, adjacency, directOnly: false, maxDepth: maxDepth)
        let startSet = Set(starts)
        let limit = Int32(clamping: maxDepth ?? Int.max)

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

        // Consumers: every job whose edge was traversed, and every reader reached.
        struct Hit {
            var depth: Int32
            var direct: Bool
            var node: Int
            var columns: Set<Int> = []
        }
        var hits: [Int: Hit] = [:]
        var edges = Set<ImpactEdge>()
        for node32 in all.order {
            let from = Int(node32)
            let depth = all.depth[from]
            guard depth < limit else { continue }
            let fromDirect = direct.reached(from)
            for edge in Int(adjacency.start[from])..<Int(adjacency.start[from + 1]) {
                let to = Int(adjacency.other[edge])
                let job = Int(adjacency.job[edge])
                guard let transformation = LineageGraph.Transformation(rawValue: Int(adjacency.code[edge])) else { continue }
                let isDirect = fromDirect && transformation.isDirect && direct.reached(to)
                let written = direction == .downstream ? to : from
                let candidate = Hit(depth: depth + 1, direct: isDirect, node: to)
                var hit = hits[job] ?? candidate
                if (candidate.direct && !hit.direct) || (candidate.direct == hit.direct && candidate.depth < hit.depth) {
                    hit.depth = candidate.depth
                    hit.direct = candidate.direct
                    hit.node = candidate.node
                }
                if written < columnCount { hit.columns.insert(written) }
                hits[job] = hit
                let (source, target) = direction == .downstream ? (from, to) : (to, from)
                edges.insert(ImpactEdge(from: index.label(source), to: index.label(target), job: index.graph.consumers[job].id,
                                        type: transformation.type, subtype: transformation.subtype))
            }
        }
        if case .consumer(let consumer) = target { hits[consumer] = nil }
        var consumers: [ImpactedConsumer] = []
        for (job, hit) in hits {
            let consumer = index.graph.consumers[job]
            let columns = hit.columns.filter { !startSet.contains($0) || direction == .upstream }.sorted().map { index.label($0) }
            consumers.append(ImpactedConsumer(
                id: consumer.id, name: consumer.name, kind: consumer.kind, owner: consumer.owner, location: consumer.location,
                depth: Int(hit.depth), dependency: hit.direct ? "DIRECT" : "INDIRECT", path: path(to: hit.node, direct: hit.direct),
                columns: columns))
        }
        if direction == .downstream, case .relation(let relation) = target {
            // Readers of the relation that use no column of it (count(*), a declared dependency).
            for reader in index.readers[relation] where hits[Int(reader)] == nil {
                let consumer = index.graph.consumers[Int(reader)]
                consumers.append(ImpactedConsumer(
                    id: consumer.id, name: consumer.name, kind: consumer.kind, owner: consumer.owner, location: consumer.location,
                    depth: 1, dependency: "INDIRECT", path: [ImpactStep(node: targetLabel), ImpactStep(node: consumer.id, job: consumer.id)],
                    columns: []))
            }
        }
        consumers.sort { ($0.group, $0.depth, $0.name, $0.id) < ($1.group, $1.depth, $1.name, $1.id) }

        var columns: [ImpactedColumn] = []
        for node32 in all.order {
            let node = Int(node32)
            guard node < columnCount, !startSet.contains(node) else { continue }
            let isDirect = direct.reached(node)
            let depth = isDirect ? direct.depth[node] : all.depth[node]
            columns.append(ImpactedColumn(column: index.label(node), depth: Int(depth), dependency: isDirect ? "DIRECT" : "INDIRECT",
                                          path: path(to: node, direct: isDirect)))
        }
        columns.sort { ($0.depth, $0.column) < ($1.depth, $1.column) }
        return ImpactReport(target: targetLabel, targetKind: targetKind, direction: direction, maxDepth: maxDepth,
                            consumers: consumers, columns: columns, edges: edges.sorted())
    }
}
