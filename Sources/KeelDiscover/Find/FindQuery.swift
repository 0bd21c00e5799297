/// A request turned into index terms: each word's stem, plus the catalog terms it matches
/// through synonyms or as part of a longer word (`day` in `ztblDays`), with their weights.
struct FindQuery {
    enum MatchKind: Sendable {
        case exact, synonym, partial
    }

    /// One way a catalog term matches a query term.
    struct Form {
        /// Index into ``words`` and ``stems``.
        var query: Int
        var weight: Double
        var kind: MatchKind
        /// The most a match through this form can weigh per unit: a synonym never counts as
        /// rarer than the request's own word (when the catalog has that word at all).
        var idfCap: Double
        var nameIDFCap: Double
    }

    /// The request's distinct terms: the word as typed (lowercased) and its stem.
    var words: [String] = []
    var stems: [String] = []
    /// Catalog terms that match, by term id (while building; scoring reads the dense form below).
    var forms: [Int32: [Form]] = [:]
    /// For each catalog term, where its forms start in ``formList`` (-1: none), and how many.
    var formStart: [Int32] = []
    var formLength: [Int32] = []
    var formList: [Form] = []

    /// Where `term`'s forms are in ``formList``; nil when it matches no word of the request.
    @inline(__always) func formRange(of term: Int32) -> Range<Int>? {
        let start = formStart[Int(term)]
        return start < 0 ? nil : Int(start)..<Int(start + formLength[Int(term)])
    }
    /// The requested type classes as a bit set of their indexes in `allCases`.
    var typeMask: UInt8 = 0
    var matchedTerms: [Int32] = []
    var unmatchedWords: [String] = []
    /// Pairs of terms next to each other in the request (indexes into ``stems``).
    var phrases: [(Int, Int)] = []
    /// Column type classes the request asks for, with the word that asked.
    var typeClasses: [(FindVocabulary.TypeClass, String)] = []

    init(_ request: String, index: FindIndex) {
        var tokenizer = FindTokenizer()
        var positions: [String: Int] = [:]
        var sequence: [Int] = []
        for word in FindTokenizer.words(request) where !FindVocabulary.stopWords.contains(word) {
            for stem in tokenizer.terms(of: word) {
                if let known = positions[stem] {
                    sequence.append(known)
                    continue
                }
                positions[stem] = stems.count
                sequence.append(stems.count)
                words.append(word)
                stems.append(stem)
            }
            for stem in tokenizer.terms(of: word) {
                for typeClass in Self.typeClassesByStem[stem] ?? [] where !typeClasses.contains(where: { $0.0 == typeClass }) {
                    typeClasses.append((typeClass, word))
                }
            }
        }
        for (a, b) in zip(sequence, sequence.dropFirst()) where a != b { phrases.append((a, b)) }
        var matchedWords: Set<String> = []
        for (q, stem) in stems.enumerated() {
            var matched = false
            let cap = index.termIDs[stem].map(index.idf) ?? .infinity
            let nameCap = index.termIDs[stem].map(index.nameIDF) ?? .infinity
            func add(_ term: Int32, _ weight: Double, _ kind: MatchKind) {
                if forms[term] == nil { matchedTerms.append(term) }
                if forms[term]?.contains(where: { $0.query == q }) == true { return }
                forms[term, default: []].append(Form(query: q, weight: weight, kind: kind, idfCap: cap, nameIDFCap: nameCap))
                matched = true
            }
            if let term = index.termIDs[stem] { add(term, 1, .exact) }
            for synonym in Self.synonyms[stem] ?? [] where synonym != stem {
                if let term = index.termIDs[synonym] { add(term, TableFinder.synonymWeight, .synonym) }
            }
            if stem.utf8.count >= 4 {
                for term in index.termsContaining(stem) { add(term, TableFinder.partialWeight, .partial) }
            }
            if matched { matchedWords.insert(words[q]) }
        }
        formStart = Array(repeating: -1, count: index.vocabulary.count)
        formLength = Array(repeating: 0, count: index.vocabulary.count)
        for term in matchedTerms {
            formStart[Int(term)] = Int32(formList.count)
            formLength[Int(term)] = Int32(forms[term]?.count ?? 0)
            formList += forms[term] ?? []
        }
        for (typeClass, _) in typeClasses {
            if let position = FindVocabulary.TypeClass.allCases.firstIndex(of: typeClass) { typeMask |= 1 << UInt8(position) }
        }
        // A word is unmatched when none of its terms matched (`inv` stands for invoice and inventory).
        for word in words where !matchedWords.contains(word) && !unmatchedWords.contains(word) { unmatchedWords.append(word) }
    }

    /// The column type classes each stem asks for.
    static let typeClassesByStem: [String: [FindVocabulary.TypeClass]] = {
        var map: [String: [FindVocabulary.TypeClass]] = [:]
        for typeClass in FindVocabulary.TypeClass.allCases {
            for word in typeClass.words { map[PorterStemmer.stem(word), default: []].append(typeClass) }
        }
        return map
    }()

    /// Each stem's synonyms (stems too), from ``FindVocabulary/synonymGroups``.
    static let synonyms: [String: [String]] = {
        var map: [String: Set<String>] = [:]
        for group in FindVocabulary.synonymGroups {
            let stems = group.map(PorterStemmer.stem)
            for stem in stems { map[stem, default: []].formUnion(stems) }
        }
        return map.mapValues { $0.sorted() }
    }()
}
