import Foundation
import KeelCore

/// A catalog prepared for `keel find`: every relation's terms, an inverted index from term to
/// relations, and the foreign-key graph. Built once per catalog; each request then touches only
/// the relations that share a term with it.
struct FindIndex: Sendable {
    struct WeightedTerm: Sendable {
        var term: Int32
        var weight: Double
    }

    struct Column: Sendable {
        var name: String
        var type: String
        var terms: [Int32]
        var commentTerms: [Int32]
        var typeClass: FindVocabulary.TypeClass?
        /// `customer_id`, `OrderID`: a column that points at another table rather than
        /// describing this one.
        var isReference: Bool
    }

    struct Relation: Sendable {
        var schema: String
        var name: String
        var display: String
        var kind: FindHit.Kind
        /// Distinct terms of the relation's name, in order.
        var nameTerms: [Int32]
        var schemaTerms: [Int32]
        var commentTerms: [WeightedTerm]
        var negatedTerms: [Int32]
        /// Pairs of adjacent terms in the name or the comment (``FindIndex/phrase(_:_:)``).
        var phrases: Set<Int64>
        var comment: String?
        var columns: [Column]
        var rows: Int64?
        /// Scans since statistics were reset (sequential and index), when known.
        var activity: Int64?
    }

    /// A link in the foreign-key graph, stored on both ends.
    struct Edge: Sendable {
        var neighbor: Int32
        var weight: Double
        /// How they are linked, for reasons (an index into ``FindIndex/links``).
        var via: Int32
    }

    /// The terms of every relation again, laid out flat (ranges by `…Start[i]..<…Start[i + 1]`),
    /// so that scoring reads plain integers and touches no reference-counted value.
    struct Flat: Sendable {
        var nameStart: [Int32] = [0], nameTerms: [Int32] = []
        var schemaStart: [Int32] = [0], schemaTerms: [Int32] = []
        var commentStart: [Int32] = [0], commentTerms: [Int32] = [], commentWeights: [Double] = []
        var negatedStart: [Int32] = [0], negatedTerms: [Int32] = []
        /// Sorted within each relation, for binary search.
        var phraseStart: [Int32] = [0], phrases: [Int64] = []
        /// Relation → its columns; column → its name terms and its comment's terms.
        var columnStart: [Int32] = [0]
        var termStart: [Int32] = [0], terms: [Int32] = []
        var noteStart: [Int32] = [0], notes: [Int32] = []
        var isReference: [Bool] = []
        /// ``FindVocabulary/TypeClass`` as its index in `allCases`, or -1.
        var typeClass: [Int8] = []
        var isView: [Bool] = []
        /// -1 when unknown.
        var rows: [Double] = [], activity: [Double] = []
    }

    var relations: [Relation] = []
    var vocabulary: [String] = []
    var termIDs: [String: Int32] = [:]
    /// For each term, the relations that contain it anywhere (ascending, distinct).
    var postings: [[Int32]] = []
    /// For each term, the number of relations whose name contains it.
    var nameFrequency: [Int32] = []
    var adjacency: [[Edge]] = []
    /// How each pair of linked relations is linked: `invoices.customer_id → customers.id`.
    var links: [String] = []
    var flat = Flat()
    /// Every term's bytes, each followed by a 0, for finding terms that start or end with a word.
    var vocabularyBytes: [UInt8] = []
    var termStarts: [Int] = []
    var averageColumnCount = 1.0
    var maxRows = 0.0
    var maxActivity = 0.0

    /// Indexes `catalog`. Partitions are folded into their parent (their rows add up there);
    /// `relationships` adds inferred foreign keys to the graph, weighted by their confidence.
    init(_ catalog: Catalog, relationships: [InferredRelationship] = []) {
        var tokenizer = FindTokenizer()
        var positions: [String: Int32] = [:]
        func key(_ schema: String, _ name: String) -> String { schema + "\u{0}" + name }

        var partitionRows: [String: Int64] = [:]
        for table in catalog.tables {
            if let parent = table.partitionOf?.parent, let rows = table.stats?.rowEstimate, rows > 0 {
                partitionRows[key(parent.schema.name, parent.name.name), default: 0] += rows
            }
        }
        struct Pending {
            var comment: String?
            var columns: [Catalog.Column]
        }
        var pending: [Pending] = []
        for table in catalog.tables where table.partitionOf == nil {
            let kind: FindHit.Kind = switch table.kind {
            case .ordinary: .table
            case .partitioned: .partitionedTable
            case .foreign: .foreignTable
            }
            var rows = table.stats?.rowEstimate.flatMap { $0 >= 0 ? $0 : nil }
            if let fromPartitions = partitionRows[key(table.schema.name, table.name.name)] { rows = max(rows ?? 0, fromPartitions) }
            let indexScans = table.indexes.reduce(Int64(0)) { $0 + ($1.stats?.scans ?? 0) }
            let activity = table.stats?.sequentialScans.map { $0 + indexScans }
            positions[key(table.schema.name, table.name.name)] = Int32(relations.count)
            relations.append(Relation(schema: table.schema.name, name: table.name.name, display: table.qualifiedName.display, kind: kind,
                                      nameTerms: [], schemaTerms: [], commentTerms: [], negatedTerms: [], phrases: [], comment: table.comment,
                                      columns: [], rows: rows, activity: activity))
            pending.append(Pending(comment: table.comment, columns: table.columns))
        }
        for view in catalog.views {
            positions[key(view.schema.name, view.name.name)] = Int32(relations.count)
            relations.append(Relation(schema: view.schema.name, name: view.name.name, display: view.qualifiedName.display,
                                      kind: view.materialized ? .materializedView : .view, nameTerms: [], schemaTerms: [],
                                      commentTerms: [], negatedTerms: [], phrases: [], comment: view.comment, columns: [],
                                      rows: view.stats?.rowEstimate.flatMap { $0 >= 0 ? $0 : nil }, activity: nil))
            pending.append(Pending(comment: view.comment, columns: view.columns))
        }

        // Names in a comment that point at another relation (`public.users`, `users`) are references.
        var relationNames: Set<String> = []
        for relation in relations { relationNames.insert(relation.name.lowercased()) }
        let isRelation: (String) -> Bool = { relationNames.contains($0.lowercased()) }

        var termPostings: [[Int32]] = []
        func id(_ term: String) -> Int32 {
            if let existing = termIDs[term] { return existing }
            let new = Int32(vocabulary.count)
            termIDs[term] = new
            vocabulary.append(term)
            termPostings.append([])
            return new
        }
        var columnTotal = 0
        var referenceNames: [String: Bool] = [:]
        for index in relations.indices {
            let relationID = Int32(index)
            var seen: Set<Int32> = []
            func note(_ term: Int32) {
                if seen.insert(term).inserted { termPostings[Int(term)].append(relationID) }
            }
            var nameTerms: [Int32] = []
            for term in tokenizer.identifierTerms(relations[index].name) {
                let t = id(term)
                if !nameTerms.contains(t) { nameTerms.append(t) }
                note(t)
            }
            relations[index].nameTerms = nameTerms
            for (a, b) in zip(nameTerms, nameTerms.dropFirst()) { relations[index].phrases.insert(Self.phrase(a, b)) }
            relations[index].schemaTerms = tokenizer.identifierTerms(relations[index].schema).map { let t = id($0); note(t); return t }
            if let comment = pending[index].comment {
                let analysed = tokenizer.commentTerms(comment, isRelation: isRelation)
                relations[index].commentTerms = analysed.terms.map { let t = id($0.0); note(t); return WeightedTerm(term: t, weight: $0.1) }
                relations[index].negatedTerms = analysed.negated.map { let t = id($0); note(t); return t }
                for (a, b) in analysed.phrases { relations[index].phrases.insert(Self.phrase(id(a), id(b))) }
            }
            var columns: [Column] = []
            for column in pending[index].columns {
                var terms: [Int32] = []
                for term in tokenizer.identifierTerms(column.name.name) {
                    let t = id(term)
                    note(t)
                    terms.append(t)
                }
                var commentTerms: [Int32] = []
                if let comment = column.comment {
                    for (term, _) in tokenizer.commentTerms(comment, isRelation: isRelation).terms {
                        let t = id(term)
                        note(t)
                        commentTerms.append(t)
                    }
                }
                let isReference: Bool
                if let known = referenceNames[column.name.name] {
                    isReference = known
                } else {
                    let words = RelationshipInferrer.keyedWords(column.name.name)
                    isReference = words.count >= 2 && words.last.map(RelationshipInferrer.keyWords.contains) == true
                    referenceNames[column.name.name] = isReference
                }
                columns.append(Column(name: column.name.display, type: column.type, terms: terms, commentTerms: commentTerms,
                                      typeClass: FindVocabulary.TypeClass.of(type: column.type), isReference: isReference))
            }
            relations[index].columns = columns
            columnTotal += pending[index].columns.count
        }
        postings = termPostings
        nameFrequency = Array(repeating: 0, count: vocabulary.count)
        for relation in relations { for term in relation.nameTerms { nameFrequency[Int(term)] += 1 } }
        for term in vocabulary {
            termStarts.append(vocabularyBytes.count)
            vocabularyBytes.append(contentsOf: term.utf8)
            vocabularyBytes.append(0)
        }
        averageColumnCount = relations.isEmpty ? 1 : max(1, Double(columnTotal) / Double(relations.count))
        maxRows = Double(relations.compactMap(\.rows).max() ?? 0)
        maxActivity = Double(relations.compactMap(\.activity).max() ?? 0)

        flat = Self.flatten(relations)
        adjacency = Array(repeating: [], count: relations.count)
        var linked: Set<Int64> = []
        func link(_ a: Int32, _ b: Int32, weight: Double, via: String) {
            guard a != b else { return }
            let pair = Int64(min(a, b)) << 32 | Int64(max(a, b))
            guard linked.insert(pair).inserted else { return }
            links.append(via)
            adjacency[Int(a)].append(Edge(neighbor: b, weight: weight, via: Int32(links.count - 1)))
            adjacency[Int(b)].append(Edge(neighbor: a, weight: weight, via: Int32(links.count - 1)))
        }
        for table in catalog.tables where table.partitionOf == nil {
            guard let from = positions[key(table.schema.name, table.name.name)] else { continue }
            for constraint in table.constraints where constraint.kind == .foreignKey {
                guard let fk = constraint.foreignKey,
                      let to = positions[key(fk.referencedTable.schema.name, fk.referencedTable.name.name)] else { continue }
                let via = "\(table.name.display).\(constraint.columns.map(\.display).joined(separator: ",")) → "
                    + "\(fk.referencedTable.name.display).\(fk.referencedColumns.map(\.display).joined(separator: ","))"
                link(from, to, weight: 1, via: via)
            }
        }
        for relationship in relationships {
            guard let from = positions[key(relationship.from.schema.name, relationship.from.table.name)],
                  let to = positions[key(relationship.to.schema.name, relationship.to.table.name)] else { continue }
            link(from, to, weight: 0.8 * relationship.confidence, via: relationship.display + " (inferred)")
        }
        for view in catalog.views {
            guard let from = positions[key(view.schema.name, view.name.name)] else { continue }
            for dependency in view.relationDependencies {
                guard let to = positions[key(dependency.schema.name, dependency.name.name)] else { continue }
                link(from, to, weight: 0.5, via: "\(view.name.display) reads \(dependency.name.display)")
            }
        }
    }

    static func flatten(_ relations: [Relation]) -> Flat {
        var flat = Flat()
        func close(_ starts: inout [Int32], _ count: Int) { starts.append(Int32(count)) }
        for relation in relations {
            flat.nameTerms += relation.nameTerms
            close(&flat.nameStart, flat.nameTerms.count)
            flat.schemaTerms += relation.schemaTerms
            close(&flat.schemaStart, flat.schemaTerms.count)
            for weighted in relation.commentTerms {
                flat.commentTerms.append(weighted.term)
                flat.commentWeights.append(weighted.weight)
            }
            close(&flat.commentStart, flat.commentTerms.count)
            flat.negatedTerms += relation.negatedTerms
            close(&flat.negatedStart, flat.negatedTerms.count)
            flat.phrases += relation.phrases.sorted()
            close(&flat.phraseStart, flat.phrases.count)
            for column in relation.columns {
                flat.terms += column.terms
                close(&flat.termStart, flat.terms.count)
                flat.notes += column.commentTerms
                close(&flat.noteStart, flat.notes.count)
                flat.isReference.append(column.isReference)
                flat.typeClass.append(column.typeClass.flatMap { FindVocabulary.TypeClass.allCases.firstIndex(of: $0) }.map(Int8.init) ?? -1)
            }
            close(&flat.columnStart, flat.isReference.count)
            flat.isView.append(relation.kind == .view || relation.kind == .materializedView)
            flat.rows.append(relation.rows.map(Double.init) ?? -1)
            flat.activity.append(relation.activity.map(Double.init) ?? -1)
        }
        return flat
    }

    /// The key of an ordered pair of terms.
    static func phrase(_ a: Int32, _ b: Int32) -> Int64 { Int64(a) << 32 | Int64(b) }

    /// Inverse document frequency of a term over relations (BM25's, always positive).
    func idf(_ term: Int32) -> Double {
        Self.idf(frequency: Double(postings[Int(term)].count), count: Double(relations.count))
    }

    /// The same over relation names only: `driver` is rare among names even when every
    /// table has a `driver_id`.
    func nameIDF(_ term: Int32) -> Double {
        Self.idf(frequency: Double(nameFrequency[Int(term)]), count: Double(relations.count))
    }

    static func idf(frequency df: Double, count n: Double) -> Double {
        log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// Terms at least two bytes longer than `stem` that start or end with it: `customerid`
    /// and `ztbldays`-like names written without separators.
    func termsContaining(_ stem: String) -> [Int32] {
        let needle = Array(stem.utf8)
        guard let first = needle.first else { return [] }
        var result: [Int32] = []
        vocabularyBytes.withUnsafeBufferPointer { hay in
            var i = 0
            let end = hay.count - needle.count
            while i <= end {
                if hay[i] == first && (0..<needle.count).allSatisfy({ hay[i + $0] == needle[$0] }) {
                    // The term this occurrence is in: the last start at or before i.
                    var low = 0, high = termStarts.count - 1
                    while low < high {
                        let mid = (low + high + 1) / 2
                        if termStarts[mid] <= i { low = mid } else { high = mid - 1 }
                    }
                    let start = termStarts[low]
                    let length = (low + 1 < termStarts.count ? termStarts[low + 1] : hay.count) - start - 1
                    let atStart = i == start
                    let atEnd = i + needle.count == start + length
                    if length >= needle.count + 2 && (atStart || atEnd) {
                        result.append(Int32(low))
                        i = start + length + 1
                        continue
                    }
                }
                i += 1
            }
        }
        return result
    }
}
