import Foundation
public import KeelCore

/// A group of tables that belong together, named after its dominant words.
public struct Domain: Codable, Sendable, Equatable {
    /// `billing`, `identity`, `catalog`, … or the group's most telling word.
    public var name: String
    /// The words that characterise the group, most telling first.
    public var words: [String]
    /// `schema.table`, sorted.
    public var tables: [String]
}

/// Clusters tables into domains: communities of the foreign-key graph (declared and inferred
/// keys, plus links between tables whose names share a word), found by the local-moving phase
/// of Louvain modularity optimisation, then named from their tables' dominant name words.
public struct DomainClusterer: Sendable {
    public init() {}

    /// Business areas and the words that point to them; a cluster takes the area its words
    /// point to most, else its own most telling word.
    static let areas: [(String, [String])] = [
        ("billing", ["invoice", "bill", "billing", "payment", "charge", "subscription", "plan", "price", "refund", "tax", "ledger", "credit"]),
        ("identity", ["user", "login", "account", "role", "permission", "session", "credential", "auth", "password", "token", "group"]),
        ("catalog", ["product", "category", "item", "sku", "inventory", "brand", "variant", "stock", "catalog"]),
        ("sales", ["order", "sale", "customer", "rep", "lead", "opportunity", "quote", "cart", "deal", "discount", "coupon"]),
        ("shipping", ["shipment", "delivery", "address", "warehouse", "carrier", "route", "parcel", "hub"]),
        ("people", ["employee", "staff", "department", "salary", "payroll", "manager", "position"]),
        ("media", ["film", "movie", "actor", "album", "track", "artist", "song", "genre", "playlist"]),
        ("analytics", ["snapshot", "metric", "report", "fact", "dim", "summary", "daily", "monthly", "stat"]),
        ("events", ["event", "log", "audit", "history", "activity", "notification", "message"]),
        ("geography", ["country", "city", "region", "location", "state", "zone"]),
    ]

    /// The domains of `catalog`, largest first. Tables linked to nothing form no domain.
    public func cluster(_ catalog: Catalog, relationships: [InferredRelationship] = []) -> [Domain] {
        var tokenizer = FindTokenizer()
        let tables = catalog.tables.filter { $0.partitionOf == nil }
        guard !tables.isEmpty else { return [] }
        var position: [String: Int] = [:]
        for (i, table) in tables.enumerated() { position[table.schema.name + "\u{0}" + table.name.name] = i }
        // Name words, stemmed, and a readable spelling of each stem.
        var spelling: [String: String] = [:]
        let nameTerms: [[String]] = tables.map { table in
            FindTokenizer.words(table.name.name).flatMap { word in
                tokenizer.terms(of: word).map { term in
                    if spelling[term] == nil || word.count < (spelling[term]?.count ?? 0) { spelling[term] = word }
                    return term
                }
            }
        }

        var graph = WeightedGraph(count: tables.count)
        for (i, table) in tables.enumerated() {
            for constraint in table.constraints where constraint.kind == .foreignKey {
                guard let fk = constraint.foreignKey,
                      let j = position[fk.referencedTable.schema.name + "\u{0}" + fk.referencedTable.name.name] else { continue }
                graph.add(i, j, 1)
            }
        }
        for relationship in relationships {
            guard let i = position[relationship.from.schema.name + "\u{0}" + relationship.from.table.name],
                  let j = position[relationship.to.schema.name + "\u{0}" + relationship.to.table.name] else { continue }
            graph.add(i, j, relationship.confidence)
        }
        // Tables whose names start with the same word (invoices, invoice_items) lean together;
        // words shared by too many tables say nothing.
        var byFirstWord: [String: [Int]] = [:]
        for (i, terms) in nameTerms.enumerated() { if let first = terms.first { byFirstWord[first, default: []].append(i) } }
        for members in byFirstWord.values where members.count > 1 && members.count <= 30 {
            for a in members.indices { for b in members.indices where b > a { graph.add(members[a], members[b], 0.5) } }
        }

        let communities = graph.louvainCommunities()
        var groups: [Int: [Int]] = [:]
        for (node, community) in communities.enumerated() where graph.degree(node) > 0 { groups[community, default: []].append(node) }

        // Name each group from the words of its tables' names, weighted by how rare they are.
        var documentFrequency: [String: Int] = [:]
        for terms in nameTerms { for term in Set(terms) { documentFrequency[term, default: 0] += 1 } }
        let areaOfStem: [String: [String]] = {
            var map: [String: [String]] = [:]
            for (area, words) in Self.areas { for word in words { map[PorterStemmer.stem(word), default: []].append(area) } }
            return map
        }()
        var domains: [Domain] = []
        for members in groups.values where members.count > 1 {
            var weight: [String: Double] = [:]
            for member in members {
                for term in Set(nameTerms[member]) where !FindVocabulary.stopWords.contains(spelling[term] ?? term) {
                    weight[term, default: 0] += log(1 + Double(tables.count) / Double(documentFrequency[term] ?? 1))
                }
            }
            let ranked = weight.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            var areaScore: [String: Double] = [:]
            for (term, value) in ranked { for area in areaOfStem[term] ?? [] { areaScore[area, default: 0] += value } }
            let words = ranked.prefix(3).map { spelling[$0.key] ?? $0.key }
            // An area names the group only when a good share of its words point there.
            let total = ranked.reduce(0) { $0 + $1.value }
            let area = areaScore.filter { $0.value >= 0.25 * total }.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
            let names = members.map { tables[$0].qualifiedName.display }.sorted()
            domains.append(Domain(name: area ?? words.first ?? "tables", words: words, tables: names))
        }
        domains.sort { a, b in
            if a.tables.count != b.tables.count { return a.tables.count > b.tables.count }
            if a.name != b.name { return a.name < b.name }
            return a.tables.lexicographicallyPrecedes(b.tables)
        }
        // Two groups that land on the same area keep apart by their own word.
        var used: [String: Int] = [:]
        for i in domains.indices {
            used[domains[i].name, default: 0] += 1
            if used[domains[i].name, default: 0] > 1, let word = domains[i].words.first, word != domains[i].name {
                domains[i].name += " (\(word))"
            }
        }
        return domains
    }
}

/// An undirected weighted graph with Louvain's local-moving phase.
struct WeightedGraph {
    var neighbors: [[Int: Double]]

    init(count: Int) { neighbors = Array(repeating: [:], count: count) }

    mutating func add(_ a: Int, _ b: Int, _ weight: Double) {
        guard a != b, weight > 0 else { return }
        neighbors[a][b, default: 0] += weight
        neighbors[b][a, default: 0] += weight
    }

    func degree(_ node: Int) -> Double { neighbors[node].values.reduce(0, +) }

    /// Each node's community: nodes move, in index order, to the neighbouring community with the
    /// best modularity gain until no move helps (at most 20 passes). Deterministic: neighbours
    /// are visited in index order and the first of equal gains wins.
    func louvainCommunities() -> [Int] {
        let count = neighbors.count
        var community = Array(0..<count)
        // Sorted adjacency lists: plain arrays are much faster to walk than dictionaries.
        let lists: [[(node: Int, weight: Double)]] = neighbors.map { $0.map { ($0.key, $0.value) }.sorted { $0.node < $1.node } }
        let degrees = lists.map { $0.reduce(0) { $0 + $1.weight } }
        let total = degrees.reduce(0, +)
        guard total > 0 else { return community }
        var communityDegree = degrees
        var linkWeight = [Double](repeating: 0, count: count)
        var touched: [Int] = []
        for _ in 0..<20 {
            var moved = false
            for node in 0..<count where degrees[node] > 0 {
                let current = community[node]
                for (other, weight) in lists[node] {
                    let c = community[other]
                    if linkWeight[c] == 0 { touched.append(c) }
                    linkWeight[c] += weight
                }
                communityDegree[current] -= degrees[node]
                func gain(_ c: Int) -> Double { linkWeight[c] - communityDegree[c] * degrees[node] / total }
                var best = current
                var bestGain = gain(current)
                for c in touched where gain(c) > bestGain + 1e-12 {
                    best = c
                    bestGain = gain(c)
                }
                communityDegree[best] += degrees[node]
                for c in touched { linkWeight[c] = 0 }
                touched.removeAll(keepingCapacity: true)
                if best != current {
                    community[node] = best
                    moved = true
                }
            }
            if !moved { break }
        }
        return community
    }
}
