public import KeelCore
import KeelSQL

/// A ``LineageGraph`` with the lookup structures impact analysis needs, rebuilt on load (they are
/// cheap to compute and would only bloat `lineage.json`).
///
/// Nodes are numbered: column ids first (`0..<columnCount`), then consumers (`columnCount + i`). Edges
/// are stored twice, by source and by target, in compressed sparse rows. A statement-level INDIRECT
/// source becomes one edge to each column the statement writes; a consumer's read becomes an edge to
/// the consumer's node.
public struct LineageIndex: Sendable {
    /// The graph.
    public let graph: LineageGraph
    /// The first column id of each relation; one extra entry holds the column count.
    let offsets: [Int]
    /// The relation of each column id.
    let columnRelation: [Int32]
    /// Relation index by display name.
    let relationByName: [String: Int]
    /// Relation indexes by bare name (no schema).
    let relationsByBareName: [String: [Int]]
    /// Consumer index by id.
    let consumerById: [String: Int]
    /// The `*` column of each relation, or -1.
    let starColumn: [Int32]
    /// The consumers that read each relation (their inputs), sorted.
    let readers: [[Int32]]
    let forward: Adjacency
    let backward: Adjacency
    /// Each node's label (see ``label(_:)``), computed once on load rather than on every query.
    let labels: [String]
    /// Each node's position when all labels are sorted (`String` order; equal labels share one):
    /// impact sorts columns and edges by these integers instead of comparing strings.
    let labelRank: [Int32]

    /// Edges by one end: for node `n`, entries `start[n]..<start[n+1]` of the other arrays.
    struct Adjacency: Sendable {
        var start: [Int32]
        var other: [Int32]
        var code: [UInt8]
        var job: [Int32]
    }

    /// The number of column nodes.
    public var columnCount: Int { offsets.last ?? 0 }
    /// The number of nodes (columns and consumers).
    public var nodeCount: Int { columnCount + graph.consumers.count }
    /// The number of edges.
    public var edgeCount: Int { forward.other.count }

    /// Indexes a graph (checked by ``LineageGraph/validationProblem()`` when it was loaded).
    public init(_ graph: LineageGraph) {
        self.graph = graph
        let offsets = graph.columnOffsets
        self.offsets = offsets
        let columns = offsets.last ?? 0
        var columnRelation = [Int32](repeating: 0, count: columns)
        var starColumn = [Int32](repeating: -1, count: graph.relations.count)
        var relationByName: [String: Int] = [:]
        var relationsByBareName: [String: [Int]] = [:]
        relationByName.reserveCapacity(graph.relations.count)
        for (index, relation) in graph.relations.enumerated() {
            relationByName[relation.name] = index
            if let key = RelationKey.parse(relation.name) { relationsByBareName[key.name, default: []].append(index) }
            for (position, column) in relation.columns.enumerated() {
                columnRelation[offsets[index] + position] = Int32(index)
                if column == "*" { starColumn[index] = Int32(offsets[index] + position) }
            }
        }
        self.columnRelation = columnRelation
        self.starColumn = starColumn
        self.relationByName = relationByName
        self.relationsByBareName = relationsByBareName
        var consumerById: [String: Int] = [:]
        var readers = [[Int32]](repeating: [], count: graph.relations.count)
        var sources: [Int32] = []
        var targets: [Int32] = []
        var codes: [UInt8] = []
        var jobs: [Int32] = []
        for (index, consumer) in graph.consumers.enumerated() {
            consumerById[consumer.id] = index
            let job = Int32(index)
            for input in consumer.inputs where graph.relations.indices.contains(input) { readers[input].append(job) }
            for statement in consumer.statements {
                for edge in statement.columns {
                    sources.append(Int32(edge.source))
                    targets.append(Int32(edge.target))
                    codes.append(UInt8(edge.transformation.rawValue))
                    jobs.append(job)
                }
                for edge in statement.indirect {
                    for written in statement.written {
                        sources.append(Int32(edge.source))
                        targets.append(Int32(written))
                        codes.append(UInt8(edge.transformation.rawValue))
                        jobs.append(job)
                    }
                }
            }
            for read in consumer.reads {
                sources.append(Int32(read.source))
                targets.append(Int32(columns + index))
                codes.append(UInt8(read.transformation.rawValue))
                jobs.append(job)
            }
        }
        self.consumerById = consumerById
        self.readers = readers
        let nodes = columns + graph.consumers.count
        forward = Self.adjacency(nodes: nodes, from: sources, to: targets, codes: codes, jobs: jobs)
        backward = Self.adjacency(nodes: nodes, from: targets, to: sources, codes: codes, jobs: jobs)
        var labels: [String] = []
        labels.reserveCapacity(nodes)
        for (index, relation) in graph.relations.enumerated() {
            for position in relation.columns.indices { labels.append(Self.columnLabel(graph, relation: index, position: position)) }
        }
        for consumer in graph.consumers { labels.append(consumer.id) }
        self.labels = labels
        labelRank = Self.ranks(labels)
    }

    /// `schema.table.column` for the column at `position` of `relation`.
    static func columnLabel(_ graph: LineageGraph, relation: Int, position: Int) -> String {
        let name = graph.relations[relation].columns[position]
        return graph.relations[relation].name + "." + (name == "*" ? "*" : SQLPrinter.identifier(name))
    }

    /// The rank of each string in sorted order; equal strings get equal ranks.
    static func ranks(_ labels: [String]) -> [Int32] {
        let order = labels.indices.sorted { labels[$0] < labels[$1] }
        var rank = [Int32](repeating: 0, count: labels.count)
        var current: Int32 = 0
        for (position, node) in order.enumerated() {
            if position > 0, labels[order[position - 1]] != labels[node] { current = Int32(position) }
            rank[node] = current
        }
        return rank
    }

    /// Counting sort of the edges by their `from` end.
    static func adjacency(nodes: Int, from: [Int32], to: [Int32], codes: [UInt8], jobs: [Int32]) -> Adjacency {
        var start = [Int32](repeating: 0, count: nodes + 1)
        for node in from { start[Int(node) + 1] += 1 }
        for node in 0..<nodes { start[node + 1] += start[node] }
        var cursor = start
        var other = [Int32](repeating: 0, count: from.count)
        var code = [UInt8](repeating: 0, count: from.count)
        var job = [Int32](repeating: 0, count: from.count)
        for edge in from.indices {
            let node = Int(from[edge])
            let slot = Int(cursor[node])
            cursor[node] += 1
            other[slot] = to[edge]
            code[slot] = codes[edge]
            job[slot] = jobs[edge]
        }
        return Adjacency(start: start, other: other, code: code, job: job)
    }

    // MARK: Names

    /// The relation with this display name (`public.invoices`, `public."Order Items"`).
    public func relation(named name: String) -> Int? { relationByName[name] }

    /// The consumer with this id.
    public func consumer(id: String) -> Int? { consumerById[id] }

    /// The relation of a column id.
    public func relation(ofColumn column: Int) -> Int { Int(columnRelation[column]) }

    /// The column id of `column` in relation `relation`.
    public func column(_ column: String, in relation: Int) -> Int? {
        guard let position = graph.relations[relation].columns.firstIndex(of: column) else { return nil }
        return offsets[relation] + position
    }

    /// The column ids of a relation.
    public func columns(of relation: Int) -> Range<Int> { offsets[relation]..<offsets[relation + 1] }

    /// `schema.table.column` for a column id, or the consumer id for a consumer node.
    public func label(_ node: Int) -> String { labels[node] }
}
