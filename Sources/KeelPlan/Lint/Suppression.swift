import Foundation
import KeelSQL

/// `-- keel-ignore rule-id, …` and `-- keel-ignore-file rule-id, …` comments.
///
/// A `keel-ignore` comment on its own line(s) applies to the next statement; one that starts on the
/// same line as a statement's end (`ALTER …; -- keel-ignore x`) applies to that statement. Without
/// ids it silences every rule for the statement. `keel-ignore-file` applies to the whole file,
/// wherever it is. Block comments (`/* keel-ignore x */`) work too. Text after the ids (for
/// example `-- keel-ignore ban-drop-column -- contract phase`) is a free-form reason.
struct Suppression: Sendable {
    /// One directive.
    struct Directive: Sendable, Equatable {
        /// The rule ids, empty for "all rules" (statement directives only).
        var rules: [String]
        /// Whether it is `keel-ignore-file`.
        var wholeFile: Bool
        /// The statement it applies to (statement directives only).
        var statement: Int?
        /// Where the comment is.
        var range: SourceRange
    }

    /// The directives, in file order.
    var directives: [Directive] = []

    /// Scans the comments between (and after) `statements` in `source`.
    init(source: SourceText, statements: [SourceRange]) {
        var previousEnd = 0
        var previousLine = 0
        for index in 0...statements.count {
            let gapEnd = index < statements.count ? statements[index].start : source.bytes.count
            for comment in Self.comments(in: source, from: previousEnd, to: gapEnd) {
                guard var directive = Self.directive(comment.text, range: comment.range) else { continue }
                if !directive.wholeFile {
                    if index > 0, comment.range.line == previousLine {
                        directive.statement = index - 1
                    } else if index < statements.count {
                        directive.statement = index
                    } else {
                        continue
                    }
                }
                directives.append(directive)
            }
            if index < statements.count {
                previousEnd = statements[index].end
                previousLine = Self.line(of: statements[index].end, in: source, from: statements[index])
            }
        }
    }

    /// Whether `rule` is silenced for `statement` (or the whole file, for `statement == nil`).
    func silences(_ rule: String, statement: Int?) -> Directive? {
        directives.first { directive in
            if directive.wholeFile { return directive.rules.contains(rule) }
            guard let statement else { return false }
            return directive.statement == statement && (directive.rules.isEmpty || directive.rules.contains(rule))
        }
    }

    /// Parses a comment's text into a directive, or `nil` when it is an ordinary comment.
    static func directive(_ text: String, range: SourceRange) -> Directive? {
        var body = Substring(text).drop { $0 == " " || $0 == "\t" }
        let wholeFile: Bool
        if body.hasPrefix("keel-ignore-file") {
            wholeFile = true
            body = body.dropFirst("keel-ignore-file".count)
        } else if body.hasPrefix("keel-ignore") {
            wholeFile = false
            body = body.dropFirst("keel-ignore".count)
        } else {
            return nil
        }
        guard body.isEmpty || body.first == " " || body.first == "\t" || body.first == ":" else { return nil }
        var rules: [String] = []
        for word in body.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == ":" || $0 == "\n" }) {
            let isId = word.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
            if !isId || word.hasPrefix("--") { break }
            rules.append(String(word))
        }
        if wholeFile && rules.isEmpty { return nil }
        return Directive(rules: rules.map(LintRules.canonicalID), wholeFile: wholeFile, statement: nil, range: range)
    }

    /// The comments in `source` between two byte offsets (a gap between statements, so no quotes).
    static func comments(in source: SourceText, from start: Int, to end: Int) -> [(text: String, range: SourceRange)] {
        let bytes = source.bytes
        var result: [(String, SourceRange)] = []
        var i = start
        while i < end {
            if bytes[i] == 0x2D, i + 1 < end, bytes[i + 1] == 0x2D {
                var j = i + 2
                while j < end, bytes[j] != 0x0A { j += 1 }
                result.append((source.text(i + 2, j), range(source, i, j)))
                i = j
            } else if bytes[i] == 0x2F, i + 1 < end, bytes[i + 1] == 0x2A {
                var depth = 1
                var j = i + 2
                while j < end, depth > 0 {
                    if bytes[j] == 0x2F, j + 1 < end, bytes[j + 1] == 0x2A { depth += 1; j += 2; continue }
                    if bytes[j] == 0x2A, j + 1 < end, bytes[j + 1] == 0x2F { depth -= 1; j += 2; continue }
                    j += 1
                }
                let bodyEnd = depth == 0 ? j - 2 : j
                result.append((source.text(i + 2, bodyEnd).trimmingCharacters(in: .whitespacesAndNewlines), range(source, i, j)))
                i = j
            } else {
                i += 1
            }
        }
        return result
    }

    static func range(_ source: SourceText, _ start: Int, _ end: Int) -> SourceRange {
        let position = SourceLocator.position(of: start, in: source.bytes)
        return SourceRange(start: start, end: end, line: position.line, column: position.column)
    }

    static func line(of offset: Int, in source: SourceText, from range: SourceRange) -> Int {
        var line = range.line
        var i = range.start
        while i < offset, i < source.bytes.count {
            if source.bytes[i] == 0x0A { line += 1 }
            i += 1
        }
        return line
    }
}

/// Line and column of byte offsets in a text.
enum SourceLocator {
    /// The 1-based line and column (Unicode scalars) of byte `offset`.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let limit = Swift.min(offset, bytes.count)
        var i = 0
        while i < limit {
            if bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        var column = 1
        var j = lineStart
        while j < limit {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return (line, column)
    }
}
