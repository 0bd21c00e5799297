import Foundation

// The find index as bytes, for ``FindIndexStore``. Only what a request reads is stored: the flat
// term arrays, postings, the graph, and each relation's names, comment, columns and figures (the
// per-relation term lists the build flattens are left empty). Loading checks every id against
// its bounds, so a damaged file that passes the checksum still cannot crash a request.

extension FindIndex {
    func write(to w: inout FindIndexWriter) {
        w.int(relations.count)
        for relation in relations {
            w.string(relation.schema)
            w.string(relation.name)
            w.string(relation.display)
            w.string(relation.kind.rawValue)
            w.optionalString(relation.comment)
            w.scalar(UInt8((relation.rows == nil ? 0 : 1) | (relation.activity == nil ? 0 : 2)))
            if let rows = relation.rows { w.scalar(rows) }
            if let activity = relation.activity { w.scalar(activity) }
            w.int(relation.columns.count)
        }
        // Column names and types repeat (id, created_at, bigint): each is stored, and made a
        // String on load, once.
        var table: [String] = [], ids: [String: Int32] = [:]
        func id(_ text: String) -> Int32 {
            if let known = ids[text] { return known }
            ids[text] = Int32(table.count)
            table.append(text)
            return Int32(table.count - 1)
        }
        let columnStrings = relations.flatMap { $0.columns.flatMap { [id($0.name), id($0.type)] } }
        w.strings(table)
        w.array(columnStrings)
        w.strings(vocabulary)
        w.array(postings.reduce(into: [Int32(0)]) { $0.append($0[$0.count - 1] + Int32($1.count)) })
        w.array(postings.flatMap { $0 })
        w.array(nameFrequency)
        w.array(adjacency.reduce(into: [Int32(0)]) { $0.append($0[$0.count - 1] + Int32($1.count)) })
        w.array(adjacency.flatMap { $0.map(\.neighbor) })
        w.array(adjacency.flatMap { $0.map(\.weight) })
        w.array(adjacency.flatMap { $0.map(\.via) })
        w.strings(links)
        for array in [flat.nameStart, flat.nameTerms, flat.schemaStart, flat.schemaTerms, flat.commentStart, flat.commentTerms,
                      flat.negatedStart, flat.negatedTerms, flat.phraseStart, flat.columnStart, flat.termStart, flat.terms,
                      flat.noteStart, flat.notes] {
            w.array(array)
        }
        w.array(flat.commentWeights)
        w.array(flat.phrases)
        w.array(flat.isReference.map { UInt8($0 ? 1 : 0) })
        w.array(flat.typeClass)
        w.array(flat.isView.map { UInt8($0 ? 1 : 0) })
        w.array(flat.rows)
        w.array(flat.activity)
        w.double(averageColumnCount)
        w.double(maxRows)
        w.double(maxActivity)
    }

    init(reading r: inout FindIndexReader) throws(FindIndexReader.Damaged) {
        func damaged(_ what: String) -> FindIndexReader.Damaged { FindIndexReader.Damaged(offset: r.offset, expected: what) }
        let relationCount = try r.count(of: 8, "relations")
        relations.reserveCapacity(relationCount)
        var columnCounts: [Int] = []
        for _ in 0..<relationCount {
            let schema = try r.string(), name = try r.string(), display = try r.string()
            guard let kind = FindHit.Kind(rawValue: try r.string()) else { throw damaged("a relation kind") }
            let comment = try r.optionalString()
            let figures = try r.scalar(UInt8.self)
            let rows: Int64? = if figures & 1 != 0 { try r.scalar(Int64.self) } else { nil }
            let activity: Int64? = if figures & 2 != 0 { try r.scalar(Int64.self) } else { nil }
            columnCounts.append(try r.count(of: 8, "columns"))
            relations.append(Relation(schema: schema, name: name, display: display, kind: kind, nameTerms: [], schemaTerms: [],
                                      commentTerms: [], negatedTerms: [], phrases: [], comment: comment, columns: [],
                                      rows: rows, activity: activity))
        }
        let table = try r.strings()
        let columnStrings = try r.array(Int32.self, "column names and types")
        guard columnStrings.count == 2 * columnCounts.reduce(0, +) else { throw damaged("a name and a type per column") }
        try Self.check(columnStrings, below: Int32(table.count), "column strings", damaged)
        var next = 0
        for i in relations.indices {
            relations[i].columns = (0..<columnCounts[i]).map { c in
                let at = next + 2 * c
                return Column(name: table[Int(columnStrings[at])], type: table[Int(columnStrings[at + 1])], terms: [], commentTerms: [],
                              typeClass: nil, isReference: false)
            }
            next += 2 * columnCounts[i]
        }
        vocabulary = try r.strings()
        let terms = Int32(vocabulary.count), relationIDs = Int32(relations.count)

        let postingStart = try r.array(Int32.self, "posting starts")
        let postingList = try r.array(Int32.self, "postings")
        try Self.check(starts: postingStart, count: vocabulary.count, total: postingList.count, "postings", damaged)
        try Self.check(postingList, below: relationIDs, "postings", damaged)
        postings = (0..<vocabulary.count).map { Array(postingList[Int(postingStart[$0])..<Int(postingStart[$0 + 1])]) }
        nameFrequency = try r.array(Int32.self, "name frequencies")
        guard nameFrequency.count == vocabulary.count else { throw damaged("a name frequency per term") }

        let edgeStart = try r.array(Int32.self, "edge starts")
        let neighbors = try r.array(Int32.self, "neighbours")
        let weights = try r.array(Double.self, "edge weights")
        let vias = try r.array(Int32.self, "edge links")
        links = try r.strings()
        try Self.check(starts: edgeStart, count: relations.count, total: neighbors.count, "edges", damaged)
        guard weights.count == neighbors.count, vias.count == neighbors.count else { throw damaged("one weight and link per edge") }
        try Self.check(neighbors, below: relationIDs, "neighbours", damaged)
        try Self.check(vias, below: Int32(links.count), "edge links", damaged)
        adjacency = (0..<relations.count).map { i in
            (Int(edgeStart[i])..<Int(edgeStart[i + 1])).map { Edge(neighbor: neighbors[$0], weight: weights[$0], via: vias[$0]) }
        }

        var f = Flat()
        f.nameStart = try r.array(Int32.self, "name starts"); f.nameTerms = try r.array(Int32.self, "name terms")
        f.schemaStart = try r.array(Int32.self, "schema starts"); f.schemaTerms = try r.array(Int32.self, "schema terms")
        f.commentStart = try r.array(Int32.self, "comment starts"); f.commentTerms = try r.array(Int32.self, "comment terms")
        f.negatedStart = try r.array(Int32.self, "negation starts"); f.negatedTerms = try r.array(Int32.self, "negated terms")
        f.phraseStart = try r.array(Int32.self, "phrase starts")
        f.columnStart = try r.array(Int32.self, "column starts")
        f.termStart = try r.array(Int32.self, "column term starts"); f.terms = try r.array(Int32.self, "column terms")
        f.noteStart = try r.array(Int32.self, "column comment starts"); f.notes = try r.array(Int32.self, "column comment terms")
        f.commentWeights = try r.array(Double.self, "comment weights")
        f.phrases = try r.array(Int64.self, "phrases")
        f.isReference = try r.array(UInt8.self, "reference flags").map { $0 != 0 }
        f.typeClass = try r.array(Int8.self, "type classes")
        f.isView = try r.array(UInt8.self, "view flags").map { $0 != 0 }
        f.rows = try r.array(Double.self, "row estimates")
        f.activity = try r.array(Double.self, "activity")
        averageColumnCount = try r.double()
        maxRows = try r.double()
        maxActivity = try r.double()
        guard r.remaining == 0 else { throw damaged("the end of the index") }

        let columnCount = relations.reduce(0) { $0 + $1.columns.count }
        try Self.check(starts: f.nameStart, count: relations.count, total: f.nameTerms.count, "name terms", damaged)
        try Self.check(starts: f.schemaStart, count: relations.count, total: f.schemaTerms.count, "schema terms", damaged)
        try Self.check(starts: f.commentStart, count: relations.count, total: f.commentTerms.count, "comment terms", damaged)
        try Self.check(starts: f.negatedStart, count: relations.count, total: f.negatedTerms.count, "negated terms", damaged)
        try Self.check(starts: f.phraseStart, count: relations.count, total: f.phrases.count, "phrases", damaged)
        try Self.check(starts: f.columnStart, count: relations.count, total: columnCount, "columns", damaged)
        try Self.check(starts: f.termStart, count: columnCount, total: f.terms.count, "column terms", damaged)
        try Self.check(starts: f.noteStart, count: columnCount, total: f.notes.count, "column comment terms", damaged)
        for (i, relation) in relations.enumerated() where Int(f.columnStart[i + 1] - f.columnStart[i]) != relation.columns.count {
            throw damaged("the column count of \(relation.display)")
        }
        for array in [f.nameTerms, f.schemaTerms, f.commentTerms, f.negatedTerms, f.terms, f.notes] {
            try Self.check(array, below: terms, "term ids", damaged)
        }
        guard f.commentWeights.count == f.commentTerms.count, f.isReference.count == columnCount, f.typeClass.count == columnCount,
              f.isView.count == relations.count, f.rows.count == relations.count, f.activity.count == relations.count,
              f.typeClass.allSatisfy({ $0 >= -1 && Int($0) < FindVocabulary.TypeClass.allCases.count }) else {
            throw damaged("one entry per relation and column")
        }
        flat = f

        termIDs.reserveCapacity(vocabulary.count)
        for (id, term) in vocabulary.enumerated() {
            termIDs[term] = Int32(id)
            termStarts.append(vocabularyBytes.count)
            vocabularyBytes.append(contentsOf: term.utf8)
            vocabularyBytes.append(0)
        }
        guard termIDs.count == vocabulary.count else { throw damaged("distinct terms") }
    }

    /// Range starts: `count + 1` ascending offsets from 0 to `total`.
    static func check(starts: [Int32], count: Int, total: Int, _ what: String,
                      _ damaged: (String) -> FindIndexReader.Damaged) throws(FindIndexReader.Damaged) {
        guard starts.count == count + 1, starts.first == 0, starts.last.map(Int.init) == total,
              zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }) else { throw damaged("ascending starts of \(what)") }
    }

    /// Ids in `0..<bound`.
    static func check(_ ids: [Int32], below bound: Int32, _ what: String,
                      _ damaged: (String) -> FindIndexReader.Damaged) throws(FindIndexReader.Damaged) {
        guard ids.allSatisfy({ $0 >= 0 && $0 < bound }) else { throw damaged("\(what) in range") }
    }
}
