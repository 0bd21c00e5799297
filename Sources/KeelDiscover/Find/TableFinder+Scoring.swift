import Foundation

extension TableFinder {
    struct Evaluation {
        var score: Double
        var reasons: [FindReason]
        var columns: [FindColumn]
    }

    /// Per-term accumulators reused from one relation to the next (one set per request).
    struct Scratch {
        var name: [Double], nameKind: [FindQuery.MatchKind?], schema: [Double]
        var columnCount: [Double], columnBest: [Double], columnCommentBest: [Double]
        var best: [Double], commentBest: [Double]
        var commentFrequency: [Double], commentIDF: [Double]
        var negated: [Bool]

        init(terms n: Int) {
            name = Array(repeating: 0, count: n); nameKind = Array(repeating: nil, count: n); schema = name
            columnCount = name; columnBest = name; columnCommentBest = name
            best = name; commentBest = name; commentFrequency = name; commentIDF = name
            negated = Array(repeating: false, count: n)
        }

        mutating func reset() {
            for q in name.indices {
                name[q] = 0; nameKind[q] = nil; schema[q] = 0
                columnCount[q] = 0; columnBest[q] = 0; columnCommentBest[q] = 0
                commentFrequency[q] = 0; commentIDF[q] = 0; negated[q] = false
            }
        }
    }

    /// Scores one relation for a request from its own terms: BM25-like per term and per place
    /// (name, schema, columns, comment, column comments), then the name's coverage, phrases,
    /// comment negations, requested column types, size and activity. With `explain`, says why.
    func evaluate(_ i: Int, query: FindQuery, scratch s: inout Scratch, explain: Bool) -> Evaluation {
        s.reset()
        let flat = index.flat
        let n = query.stems.count
        let forms = query.formList

        var matchedNameTerms = 0
        for k in Int(flat.nameStart[i])..<Int(flat.nameStart[i + 1]) {
            let term = flat.nameTerms[k]
            guard let matched = query.formRange(of: term) else { continue }
            matchedNameTerms += 1
            let idf = index.nameIDF(term)
            for f in matched {
                let form = forms[f]
                let value = form.weight * min(idf, form.nameIDFCap)
                if value > s.name[form.query] { s.name[form.query] = value; s.nameKind[form.query] = form.kind }
            }
        }
        for k in Int(flat.schemaStart[i])..<Int(flat.schemaStart[i + 1]) {
            let term = flat.schemaTerms[k]
            guard let matched = query.formRange(of: term) else { continue }
            let idf = index.idf(term)
            for f in matched {
                let form = forms[f]
                s.schema[form.query] = max(s.schema[form.query], form.weight * min(idf, form.idfCap))
            }
        }

        // Columns: how many match each term, and how well the best one does.
        var columnHits: [FindColumn] = []
        var matchedColumnNames: [Int: [String]] = [:]
        var typedColumns: [Int: [String]] = [:]
        let firstColumn = Int(flat.columnStart[i])
        for c in firstColumn..<Int(flat.columnStart[i + 1]) {
            var any = false
            for q in 0..<n { s.best[q] = 0; s.commentBest[q] = 0 }
            var matches: [String] = []
            // The best each request word gets from the column's name words, then from its comment's.
            func takeBest(_ terms: [Int32], _ range: Range<Int>, into best: inout [Double], _ place: String) {
                for k in range {
                    let term = terms[k]
                    guard let matched = query.formRange(of: term) else { continue }
                    let idf = index.idf(term)
                    for f in matched {
                        let form = forms[f]
                        let value = form.weight * min(idf, form.idfCap)
                        if value > best[form.query] {
                            if best[form.query] == 0, explain { matches.append(place + " ~ " + Self.describe(query.words[form.query], form.kind)) }
                            best[form.query] = value
                            any = true
                        }
                    }
                }
            }
            takeBest(flat.terms, Int(flat.termStart[c])..<Int(flat.termStart[c + 1]), into: &s.best, "name")
            takeBest(flat.notes, Int(flat.noteStart[c])..<Int(flat.noteStart[c + 1]), into: &s.commentBest, "comment")
            let typeClass = flat.typeClass[c]
            let typed = typeClass >= 0 && query.typeMask & (1 << UInt8(typeClass)) != 0
            guard any || typed else { continue }
            if flat.isReference[c] { for q in 0..<n { s.best[q] *= Self.referenceColumnFactor } }
            var columnScore = 0.0
            for q in 0..<n {
                if s.best[q] > 0 {
                    s.columnCount[q] += 1
                    s.columnBest[q] = max(s.columnBest[q], s.best[q])
                }
                s.columnCommentBest[q] = max(s.columnCommentBest[q], s.commentBest[q])
                columnScore += s.best[q] + Self.columnCommentWeight * s.commentBest[q]
            }
            if typed { columnScore += Self.typeWeight }
            guard explain else { continue }
            let column = index.relations[i].columns[c - firstColumn]
            for q in 0..<n where s.best[q] > 0 { matchedColumnNames[q, default: []].append(column.name) }
            if typed {
                typedColumns[Int(typeClass), default: []].append(column.name)
                matches.append("\(FindVocabulary.TypeClass.allCases[Int(typeClass)].rawValue) type")
            }
            columnHits.append(FindColumn(name: column.name, type: column.type, score: Self.round(columnScore), matches: matches))
        }

        // The relation's comment: term frequency weighted by sentence role.
        for k in Int(flat.commentStart[i])..<Int(flat.commentStart[i + 1]) {
            let term = flat.commentTerms[k]
            guard let matched = query.formRange(of: term) else { continue }
            let idf = index.idf(term)
            for f in matched {
                let form = forms[f]
                s.commentFrequency[form.query] += flat.commentWeights[k] * form.weight
                s.commentIDF[form.query] = max(s.commentIDF[form.query], min(idf, form.idfCap))
            }
        }
        for k in Int(flat.negatedStart[i])..<Int(flat.negatedStart[i + 1]) {
            let term = flat.negatedTerms[k]
            guard let matched = query.formRange(of: term) else { continue }
            for f in matched where forms[f].kind == .exact { s.negated[forms[f].query] = true }
        }

        let nameCount = Int(flat.nameStart[i + 1] - flat.nameStart[i])
        let coverage = nameCount == 0 ? 0 : Double(matchedNameTerms) / Double(nameCount)
        let nameFactor = Self.nameWeight * (0.5 + 0.5 * coverage)
        let columnCount = Double(flat.columnStart[i + 1] - flat.columnStart[i])
        let lengthNorm = 1 - 0.75 + 0.75 * columnCount / index.averageColumnCount
        var parts = (name: 0.0, schema: 0.0, column: 0.0, comment: 0.0, columnComment: 0.0, negated: 0.0)
        for q in 0..<n {
            let columnPart = s.columnCount[q] > 0 ? s.columnBest[q] * s.columnCount[q] * 2.2 / (s.columnCount[q] + 1.2 * lengthNorm) : 0
            let commentPart = s.commentFrequency[q] > 0 ? s.commentIDF[q] * s.commentFrequency[q] * 2.2 / (s.commentFrequency[q] + 1.2) : 0
            let termScore = nameFactor * s.name[q] + Self.schemaWeight * s.schema[q] + Self.columnWeight * columnPart
                + Self.commentWeight * commentPart + Self.columnCommentWeight * s.columnCommentBest[q]
            parts.name += nameFactor * s.name[q]
            parts.schema += Self.schemaWeight * s.schema[q]
            parts.column += Self.columnWeight * columnPart
            parts.comment += Self.commentWeight * commentPart
            parts.columnComment += Self.columnCommentWeight * s.columnCommentBest[q]
            if termScore == 0, s.negated[q], let term = index.termIDs[query.stems[q]] {
                parts.negated -= Self.negationPenalty * index.idf(term)
            }
        }

        // Words next to each other in the request and in the name or comment.
        var phrasePart = 0.0
        var phrasesFound: [String] = []
        let phraseRange = Int(flat.phraseStart[i])..<Int(flat.phraseStart[i + 1])
        if !phraseRange.isEmpty {
            for (a, b) in query.phrases {
                guard let ta = index.termIDs[query.stems[a]], let tb = index.termIDs[query.stems[b]],
                      Self.contains(flat.phrases, phraseRange, FindIndex.phrase(ta, tb)) else { continue }
                phrasePart += Self.phraseWeight * (index.idf(ta) + index.idf(tb)) / 2
                if explain { phrasesFound.append("\(query.words[a]) \(query.words[b])") }
            }
        }
        var score = parts.name + parts.schema + parts.column + parts.comment + parts.columnComment + phrasePart
        var typeClassesHad = 0
        if query.typeMask != 0 {
            var had: UInt8 = 0
            for c in firstColumn..<Int(flat.columnStart[i + 1]) where flat.typeClass[c] >= 0 { had |= 1 << UInt8(flat.typeClass[c]) }
            typeClassesHad = (had & query.typeMask).nonzeroBitCount
        }
        let typePart = score > 0 ? Self.typeWeight * Double(typeClassesHad) : 0
        score += typePart + parts.negated

        var sizePart = 0.0
        if score > 0 {
            var factor = 1.0
            let rows = flat.rows[i], activity = flat.activity[i]
            if rows >= 0, index.maxRows > 0 { factor += 0.1 * log10(1 + rows) / log10(1 + index.maxRows) }
            if activity >= 0, index.maxActivity > 0 { factor += 0.05 * log10(1 + activity) / log10(1 + index.maxActivity) }
            if flat.isView[i] { factor *= Self.viewFactor }
            sizePart = score * (factor - 1)
            score *= factor
        }
        guard explain else { return Evaluation(score: score, reasons: [], columns: []) }

        let relation = index.relations[i]
        var reasons: [FindReason] = []
        func words(_ values: [Double], kinds: [FindQuery.MatchKind?]? = nil) -> String {
            (0..<n).filter { values[$0] > 0 }.map { Self.describe(query.words[$0], kinds?[$0] ?? .exact) }.joined(separator: ", ")
        }
        if parts.name > 0 {
            reasons.append(FindReason(signal: .name, detail: "\(relation.name) ~ \(words(s.name, kinds: s.nameKind))", score: Self.round(parts.name)))
        }
        if phrasePart > 0 {
            reasons.append(FindReason(signal: .phrase, detail: phrasesFound.map { "\"\($0)\"" }.joined(separator: ", ") + " in its name or comment",
                                      score: Self.round(phrasePart)))
        }
        if parts.schema > 0 {
            reasons.append(FindReason(signal: .schema, detail: "schema \(relation.schema) ~ \(words(s.schema))", score: Self.round(parts.schema)))
        }
        if parts.column > 0 {
            let detail = (0..<n).compactMap { q -> String? in
                guard let columns = matchedColumnNames[q] else { return nil }
                return "\(Self.list(columns)) ~ \(query.words[q])"
            }.joined(separator: "; ")
            reasons.append(FindReason(signal: .column, detail: detail, score: Self.round(parts.column)))
        }
        if parts.comment > 0 {
            let text = relation.comment.map { " (\"\(Self.abbreviate($0))\")" } ?? ""
            reasons.append(FindReason(signal: .comment, detail: "comment ~ \(words(s.commentFrequency))" + text, score: Self.round(parts.comment)))
        }
        if parts.columnComment > 0 {
            reasons.append(FindReason(signal: .columnComment, detail: "column comments ~ \(words(s.columnCommentBest))",
                                      score: Self.round(parts.columnComment)))
        }
        if typePart > 0 {
            let detail = query.typeClasses.compactMap { typeClass, word -> String? in
                guard let position = FindVocabulary.TypeClass.allCases.firstIndex(of: typeClass), let columns = typedColumns[position] else { return nil }
                return "\(typeClass.rawValue) columns for \"\(word)\": \(Self.list(columns))"
            }.joined(separator: "; ")
            reasons.append(FindReason(signal: .type, detail: detail, score: Self.round(typePart)))
        }
        if parts.negated < 0 {
            let denied = (0..<n).filter { s.negated[$0] && !(s.name[$0] > 0 || s.columnBest[$0] > 0 || s.commentFrequency[$0] > 0) }.map { query.words[$0] }
            reasons.append(FindReason(signal: .negated, detail: "comment says it is not about \(denied.joined(separator: ", "))",
                                      score: Self.round(parts.negated)))
        }
        if sizePart != 0 {
            var detail = relation.rows.map { "~\($0) rows" } ?? "no row estimate"
            if let activity = relation.activity { detail += ", \(activity) scans" }
            if flat.isView[i] { detail += "; a view ranks below an equal table" }
            reasons.append(FindReason(signal: .size, detail: detail, score: Self.round(sizePart)))
        }
        columnHits.sort { $0.score != $1.score ? $0.score > $1.score : $0.name < $1.name }
        return Evaluation(score: score, reasons: reasons, columns: Array(columnHits.prefix(8)))
    }

    /// Binary search for `key` in the sorted slice `range` of `values`.
    static func contains(_ values: [Int64], _ range: Range<Int>, _ key: Int64) -> Bool {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < range.upperBound && values[low] == key
    }

    static func describe(_ word: String, _ kind: FindQuery.MatchKind) -> String {
        switch kind {
        case .exact: word
        case .synonym: word + " (synonym)"
        case .partial: word + " (part of a word)"
        }
    }

    static func list(_ names: [String]) -> String {
        names.count <= 4 ? names.joined(separator: ", ") : names.prefix(4).joined(separator: ", ") + " and \(names.count - 4) more"
    }

    static func abbreviate(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 90 ? flat : String(flat.prefix(89)) + "…"
    }
}
