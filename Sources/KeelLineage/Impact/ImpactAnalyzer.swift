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
    /// The catalog's declared and inferred foreign keys, reported as join dependencies of a key
    /// column (``ImpactReport/joinKeys``); nil when no catalog is at hand.
    public let keys: JoinKeys?

    /// Creates an analyzer.
    public init(index: LineageIndex, searchPath: [String] = ["public"], keys: JoinKeys? = nil) {
        self.index = index
        self.searchPath = searchPath
        self.keys = keys
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
        try closure(of: target, direction: direction, maxDepth: maxDepth).report()
    }

    /// The closure of `target` as integers: every consumer and column reached, with its depth and
    /// dependency, before any name, path or edge is spelled out. ``ImpactClosure/report(detail:)``
    /// turns it into an ``ImpactReport``; ``impact(of:direction:maxDepth:)`` does both.
    /// - Throws: ``ImpactError`` when the target names nothing in the graph.
    public func closure(of target: String, direction: ImpactDirection = .downstream, maxDepth: Int? = nil) throws(ImpactError) -> ImpactClosure {
        let resolved = try resolve(target)
        return closure(of: resolved, direction: direction, maxDepth: maxDepth)
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

    // MARK: Join keys

    /// The foreign keys on the target column (or on any column of the target relation); nil when
    /// there are none, or no catalog to read them from, so reports without keys stay as they were.
    func joinKeys(of target: Target) -> [ImpactedKey]? {
        guard let keys else { return nil }
        let found: [ImpactedKey]
        switch target {
        case .column(let column):
            let relation = index.relation(ofColumn: column)
            let position = column - index.columns(of: relation).lowerBound
            let columns = index.graph.relations[relation].columns
            guard columns.indices.contains(position), columns[position] != "*" else { return nil }
            found = keys.dependencies(of: index.graph.relations[relation].name, column: columns[position])
        case .relation(let relation):
            found = keys.dependencies(of: index.graph.relations[relation].name, column: nil)
        case .consumer:
            return nil
        }
        return found.isEmpty ? nil : found
    }

    // MARK: The closure

    /// Breadth-first search state over node ids.
    struct Search: Sendable {
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

    /// The closure of an already resolved target: integers only (see ``ImpactClosure``).
    func closure(of target: Target, direction: ImpactDirection, maxDepth: Int?) -> ImpactClosure {
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
        var isStart = [Bool](repeating: false, count: index.nodeCount)
        for start in starts { isStart[start] = true }
        let limit = Int32(clamping: maxDepth ?? Int.max)

        // Consumers: every job whose edge was traversed, and every reader reached. Kept in flat arrays by
        // job (a dictionary of sets would copy a set on every update).
        let consumerCount = index.graph.consumers.count
        var hitDepth = [Int32](repeating: -1, count: consumerCount)
        var hitDirect = [Bool](repeating: false, count: consumerCount)
        var hitNode = [Int32](repeating: -1, count: consumerCount)
        var hitColumns = [[Int32]](repeating: [], count: consumerCount)
        var hitJobs: [Int32] = []
        var edges: [ImpactClosure.EdgeKey] = []
        for node32 in all.order {
            let from = Int(node32)
            let depth = all.depth[from]
            guard depth < limit else { continue }
            let fromDirect = direct.reached(from)
            for edge in Int(adjacency.start[from])..<Int(adjacency.start[from + 1]) {
                let code = adjacency.code[edge]
                guard code <= 8 else { continue }
                let to = Int(adjacency.other[edge])
                let job = Int(adjacency.job[edge])
                let isDirect = fromDirect && code <= 2 && direct.reached(to)
                let written = direction == .downstream ? to : from
                let candidateDepth = depth + 1
                if hitDepth[job] < 0 {
                    hitJobs.append(Int32(job))
                    hitDepth[job] = candidateDepth
                    hitDirect[job] = isDirect
                    hitNode[job] = Int32(to)
                } else if (isDirect && !hitDirect[job]) || (isDirect == hitDirect[job] && candidateDepth < hitDepth[job]) {
                    hitDepth[job] = candidateDepth
                    hitDirect[job] = isDirect
                    hitNode[job] = Int32(to)
                }
                if written < columnCount, direction == .upstream || !isStart[written] { hitColumns[job].append(Int32(written)) }
                let (source, target) = direction == .downstream ? (from, to) : (to, from)
                edges.append(ImpactClosure.EdgeKey(from: Int32(source), to: Int32(target), job: Int32(job), code: code))
            }
        }
        if case .consumer(let consumer) = target, hitDepth[consumer] >= 0 {
            hitDepth[consumer] = -1
            hitJobs.removeAll { $0 == Int32(consumer) }
        }
        let rank = index.labelRank
        var consumers: [ImpactClosure.Entry] = []
        consumers.reserveCapacity(hitJobs.count)
        for job32 in hitJobs {
            let job = Int(job32)
            var columns = hitColumns[job]
            if columns.count > 1 {
                columns.sort()   // by column id, as before (graph order, not name order)
                var unique: [Int32] = []
                unique.reserveCapacity(columns.count)
                for column in columns where unique.last != column { unique.append(column) }
                columns = unique
            }
            consumers.append(ImpactClosure.Entry(job: job32, depth: hitDepth[job], direct: hitDirect[job], node: hitNode[job],
                                                 columns: columns, readerOnly: false))
        }
        if direction == .downstream, case .relation(let relation) = target {
            // Readers of the relation that use no column of it (count(*), a declared dependency).
            for reader in index.readers[relation] where hitDepth[Int(reader)] < 0 {
                consumers.append(ImpactClosure.Entry(job: reader, depth: 1, direct: false, node: -1, columns: [], readerOnly: true))
            }
        }
        let groups = index.graph.consumers.map { LineageGraph.ConsumerGroup.allCases.firstIndex(of: $0.kind.group) ?? 0 }
        consumers.sort { lhs, rhs in
            let (left, right) = (index.graph.consumers[Int(lhs.job)], index.graph.consumers[Int(rhs.job)])
            return (groups[Int(lhs.job)], lhs.depth, left.name, left.id) < (groups[Int(rhs.job)], rhs.depth, right.name, right.id)
        }

        var columns: [Int32] = []
        for node32 in all.order {
            let node = Int(node32)
            guard node < columnCount, !isStart[node] else { continue }
            columns.append(node32)
        }
        func depth(_ node: Int) -> Int32 { direct.reached(node) ? direct.depth[node] : all.depth[node] }
        columns.sort { (depth(Int($0)), rank[Int($0)]) < (depth(Int($1)), rank[Int($1)]) }
        return ImpactClosure(index: index, target: targetLabel, targetKind: targetKind, direction: direction, maxDepth: maxDepth,
                             direct: direct, all: all, consumers: consumers, columns: columns, edges: edges,
                             joinKeys: joinKeys(of: target))
    }
}
