import Foundation
public import KeelCore

/// `keel find`: ranks a catalog's tables and views (and their columns) for a request in plain
/// words, such as "add discounts to invoices" or "which table holds staff logins?".
///
/// Signals, each reported as a ``FindReason``:
/// - the relation's name, schema, columns and comments, matched term by term after splitting
///   names, expanding abbreviations and stemming, and through a built-in list of business
///   synonyms; weighted by how rare each term is in the catalog (BM25's idf);
/// - comments that say what a relation is *not* ("NOT customers") count against it;
/// - column types the request asks for (amounts, dates);
/// - foreign-key proximity: relations linked (declared or inferred) to matching ones gain;
/// - size and activity, as a small tie-breaker.
///
/// The index is built once, in `init`; every ``find(_:top:)`` reuses it.
public struct TableFinder: Sendable {
    let index: FindIndex

    /// Indexes `catalog`, with inferred foreign keys added to the declared ones: `relationships`
    /// when given, else the catalog's own (``Catalog/inferredKeys``, from `keel discover --infer`,
    /// checked on data), else those ``RelationshipInferrer`` finds from names and types now.
    public init(_ catalog: Catalog, relationships: [InferredRelationship]? = nil) {
        let inferred = relationships ?? catalog.inferredKeys.map { $0.map(InferredRelationship.init) } ?? RelationshipInferrer().infer(catalog)
        index = FindIndex(catalog, relationships: inferred)
    }

    /// A finder over an index already built (``FindIndexStore``).
    init(index: FindIndex) {
        self.index = index
    }

    /// The number of relations indexed (tables without partitions, views).
    public var relationCount: Int { index.relations.count }

    // Weights of each place a term can match.
    static let nameWeight = 3.0
    static let schemaWeight = 0.6
    static let columnWeight = 1.0
    static let commentWeight = 1.2
    static let columnCommentWeight = 0.5
    static let synonymWeight = 0.6
    static let partialWeight = 0.35
    static let negationPenalty = 1.0
    static let typeWeight = 0.3
    static let neighborWeight = 0.3
    static let phraseWeight = 1.5
    static let referenceColumnFactor = 0.5
    static let viewFactor = 0.9

    /// Checks that `request` has a word to search for, before any catalog is loaded.
    /// - Throws: ``FindError/emptyRequest`` when it is empty or only stop words.
    public static func checkRequest(_ request: String) throws(FindError) {
        var tokenizer = FindTokenizer()
        let searchable = FindTokenizer.words(request).contains { !FindVocabulary.stopWords.contains($0) && !tokenizer.terms(of: $0).isEmpty }
        if !searchable { throw .emptyRequest(request: request) }
    }

    /// The best `top` relations for `request`.
    /// - Throws: ``FindError/emptyRequest`` when the request has no word to search for.
    public func find(_ request: String, top: Int = 10) throws(FindError) -> FindResult {
        let query = FindQuery(request, index: index)
        guard !query.words.isEmpty else { throw .emptyRequest(request: request) }
        let relations = index.relations
        var base = [Double](repeating: 0, count: relations.count)
        var candidates: [Int32] = []
        var isCandidate = [Bool](repeating: false, count: relations.count)
        for term in query.matchedTerms {
            for relation in index.postings[Int(term)] where !isCandidate[Int(relation)] {
                isCandidate[Int(relation)] = true
                candidates.append(relation)
            }
        }
        var scratch = Scratch(terms: query.stems.count)
        for relation in candidates {
            base[Int(relation)] = evaluate(Int(relation), query: query, scratch: &scratch, explain: false).score
        }

        // One step of spreading along the graph: a neighbour passes on part of its score,
        // divided among its own links so that hubs do not flood everything.
        var proximity = [Double](repeating: 0, count: relations.count)
        var reached: [Int32] = []
        for relation in candidates where base[Int(relation)] > 0 {
            let edges = index.adjacency[Int(relation)]
            for edge in edges {
                if proximity[Int(edge.neighbor)] == 0 { reached.append(edge.neighbor) }
                proximity[Int(edge.neighbor)] += share(from: Int(relation), to: Int(edge.neighbor), edge.weight, base: base)
            }
        }
        let connectors = connectors(base: base, candidates: candidates)
        var ranked: [(relation: Int, score: Double)] = []
        var scored = Set<Int32>()
        for relation in candidates + reached + connectors.keys.sorted().map(Int32.init) where scored.insert(relation).inserted {
            let i = Int(relation)
            let score = base[i] + Self.neighborWeight * proximity[i] + (connectors[i]?.score ?? 0)
            if score > 0 { ranked.append((i, score)) }
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : relations[$0.relation].display < relations[$1.relation].display }

        let hits = ranked.prefix(max(1, top)).enumerated().map { rank, entry in
            hit(entry.relation, rank: rank + 1, score: entry.score, query: query, scratch: &scratch, base: base, connector: connectors[entry.relation])
        }
        return FindResult(request: request, terms: query.words, unmatched: query.unmatchedWords, hits: hits)
    }

    func hit(_ i: Int, rank: Int, score: Double, query: FindQuery, scratch: inout Scratch, base: [Double], connector: Connector?) -> FindHit {
        let relation = index.relations[i]
        var evaluation = evaluate(i, query: query, scratch: &scratch, explain: true)
        // Strongest linked neighbours that match, for the reason.
        var links: [(String, Double)] = []
        for edge in index.adjacency[i] where base[Int(edge.neighbor)] > 0 {
            let neighbor = Int(edge.neighbor)
            links.append(("\(index.relations[neighbor].display) (\(index.links[Int(edge.via)]))", Self.neighborWeight * share(from: neighbor, to: i, edge.weight, base: base)))
        }
        links.sort { $0.1 > $1.1 }
        if !links.isEmpty {
            let total = links.reduce(0) { $0 + $1.1 }
            let shown = links.prefix(3).map(\.0).joined(separator: ", ") + (links.count > 3 ? " and \(links.count - 3) more" : "")
            evaluation.reasons.append(FindReason(signal: .neighbor, detail: "linked to " + shown, score: Self.round(total)))
        }
        if let connector {
            let shown = connector.paths.prefix(2).joined(separator: "; ") + (connector.paths.count > 2 ? " and \(connector.paths.count - 2) more" : "")
            evaluation.reasons.append(FindReason(signal: .path, detail: "on the join path " + shown, score: Self.round(connector.score)))
        }
        let reasons = evaluation.reasons.sorted { abs($0.score) > abs($1.score) }
        return FindHit(rank: rank, relation: relation.display, schema: relation.schema, name: relation.name, kind: relation.kind,
                       score: Self.round(score), reasons: reasons, columns: evaluation.columns, rows: relation.rows)
    }

    /// What a matching relation passes to a neighbour: its score times the link's weight, over
    /// the square root of both ends' numbers of links, so that hubs neither flood nor soak up.
    func share(from source: Int, to target: Int, _ weight: Double, base: [Double]) -> Double {
        let degrees = Double(index.adjacency[source].count * index.adjacency[target].count)
        return degrees > 0 ? base[source] * weight / degrees.squareRoot() : 0
    }

    static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
