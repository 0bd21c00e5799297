import Foundation

/// Turns names and prose into the terms `keel find` matches on: words split at `_`, camelCase and
/// digit boundaries, lowercased, abbreviations expanded (`amt` → amount), then stemmed so singular
/// and plural meet (`invoices`, `invoice` → `invoic`).
struct FindTokenizer {
    private var stemCache: [String: [String]] = [:]
    // Column names repeat across tables (id, created_at): each is split once.
    private var identifierCache: [String: [String]] = [:]

    /// The words of an identifier or a sentence, lowercased: `customerID` → customer, id;
    /// `invoice_items2` → invoice, items, 2; `HTTPServer` → http, server.
    static func words(_ text: String) -> [String] {
        if let ascii = text.utf8.withContiguousStorageIfAvailable({ bytes in
            bytes.allSatisfy { $0 < 0x80 } ? asciiWords(bytes) : nil
        }), let words = ascii {
            return words
        }
        return unicodeWords(text)
    }

    /// The same as ``unicodeWords(_:)`` on bytes, for the common all-ASCII name (much faster).
    static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
        func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var words: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(16)
        var previous: UInt8 = 0
        for i in 0..<bytes.count {
            let c = bytes[i]
            guard isLower(c) || isUpper(c) || isDigit(c) else {
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
                continue
            }
            if !current.isEmpty {
                let lowerToUpper = isLower(previous) && isUpper(c)
                let acronymEnd = isUpper(previous) && isUpper(c) && i + 1 < bytes.count && isLower(bytes[i + 1])
                let digitBoundary = isDigit(previous) != isDigit(c)
                if lowerToUpper || acronymEnd || digitBoundary {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
            }
            current.append(isUpper(c) ? c + 0x20 : c)
            previous = c
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    static func unicodeWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: [Character] = []
        let characters = Array(text)
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current.removeAll(keepingCapacity: true)
        }
        for (i, c) in characters.enumerated() {
            guard c.isLetter || c.isNumber else {
                flush()
                continue
            }
            if let previous = current.last {
                let lowerToUpper = previous.isLowercase && c.isUppercase
                // The last capital of a run starts the next word: HTTPServer → HTTP, Server.
                let acronymEnd = previous.isUppercase && c.isUppercase && i + 1 < characters.count && characters[i + 1].isLowercase
                let digitBoundary = previous.isNumber != c.isNumber
                if lowerToUpper || acronymEnd || digitBoundary { flush() }
            }
            current.append(c)
        }
        flush()
        return words
    }

    /// The terms a lowercase word stands for: its stem, or its expansion's stems when it is a
    /// known abbreviation. Pure numbers and single letters stand for nothing.
    mutating func terms(of word: String) -> [String] {
        if let cached = stemCache[word] { return cached }
        let result: [String]
        if word.count < 2 || word.first?.isNumber == true {
            result = []
        } else {
            result = (FindVocabulary.abbreviations[word] ?? [word]).map(Self.stem)
        }
        stemCache[word] = result
        return result
    }

    /// The terms of an identifier, in order (duplicates kept).
    mutating func identifierTerms(_ name: String) -> [String] {
        if let cached = identifierCache[name] { return cached }
        let result = Self.words(name).flatMap { terms(of: $0) }
        identifierCache[name] = result
        return result
    }

    static func stem(_ word: String) -> String {
        PorterStemmer.stem(word)
    }

    /// A comment's terms with their weight: 1 in a plain sentence, 0.5 inside parentheses, and
    /// negated after `not`, `no`, `never`, `neither` or `nor` up to the end of the sentence
    /// ("NOT customers: paying accounts are in public.customers"). References to other
    /// relations (`public.users`, `public.invoices.amount`) point elsewhere, so they are left out
    /// when `isRelation` knows one of their parts.
    /// `phrases` are pairs of terms next to each other (stop words aside) in a sentence, outside negations.
    mutating func commentTerms(_ comment: String, isRelation: (String) -> Bool)
        -> (terms: [(String, Double)], negated: [String], phrases: [(String, String)]) {
        var positive: [(String, Double)] = []
        var negated: [String] = []
        var phrases: [(String, String)] = []
        for sentence in Self.sentences(comment) {
            var depth = 0
            var negating = false
            var previous: String?
            for token in Self.proseTokens(sentence) {
                switch token {
                case .open: depth += 1
                case .close: depth = max(0, depth - 1)
                case .dotted(let parts):
                    if !parts.contains(where: isRelation) {
                        for word in parts.flatMap(Self.words) { add(word) }
                    } else {
                        previous = nil
                    }
                case .word(let word):
                    if Self.negations.contains(word) {
                        negating = true
                        previous = nil
                        continue
                    }
                    add(word)
                }
            }
            func add(_ word: String) {
                guard !FindVocabulary.stopWords.contains(word) else { return }
                for term in terms(of: word) {
                    if negating {
                        negated.append(term)
                    } else {
                        positive.append((term, depth > 0 ? 0.5 : 1))
                        if let previous, previous != term { phrases.append((previous, term)) }
                        previous = term
                    }
                }
            }
        }
        return (positive, negated, phrases)
    }

    static let negations: Set<String> = ["not", "no", "never", "neither", "nor", "isn", "aren", "doesn", "don", "cannot"]

    /// Sentences end at `.`, `!`, `?` or `;` followed by a space or the end (so `public.users` stays whole).
    static func sentences(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            let next = text.index(after: index)
            if ".!?;".contains(c) && (next == text.endIndex || text[next].isWhitespace) {
                result.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    enum ProseToken: Equatable {
        case word(String)
        case open, close
        /// `a.b` or `a.b.c`: possibly a reference to a relation or a column.
        case dotted([String])
    }

    /// Words, parentheses and dotted names of a sentence. Words are split like identifiers.
    static func proseTokens(_ sentence: Substring) -> [ProseToken] {
        var tokens: [ProseToken] = []
        var chunk = ""
        func flush() {
            let trimmed = chunk.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            chunk = ""
            guard !trimmed.isEmpty else { return }
            let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count > 1, parts.allSatisfy({ !$0.isEmpty }) {
                tokens.append(.dotted(parts.map(String.init)))
            } else {
                for word in words(trimmed) { tokens.append(.word(word)) }
            }
        }
        for c in sentence {
            if c == "(" || c == "[" { flush(); tokens.append(.open) }
            else if c == ")" || c == "]" { flush(); tokens.append(.close) }
            else if c.isLetter || c.isNumber || c == "_" || c == "." { chunk.append(c) }
            else { flush() }
        }
        flush()
        return tokens
    }
}
