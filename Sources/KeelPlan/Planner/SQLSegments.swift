import Foundation

/// The SQL inside a consumer's file, with the way back to file offsets: the whole file for
/// `.sql`, the string literals of a Python DAG, the `sql:` / `query:` values of a YAML file.
struct SQLSegment {
    var text: String
    /// File byte offset of each segment byte.
    var offsets: [Int]

    func fileOffset(_ offset: Int) -> Int? { offset >= 0 && offset < offsets.count ? offsets[offset] : nil }
}

enum SQLSegments {
    static func extract(from text: String, file: String) -> [SQLSegment] {
        let bytes = Array(text.utf8)
        if file.hasSuffix(".py") { return python(bytes) }
        if file.hasSuffix(".yml") || file.hasSuffix(".yaml") { return yaml(bytes) }
        return [SQLSegment(text: text, offsets: Array(bytes.indices))]
    }

    private static func segment(_ bytes: [UInt8], _ range: Range<Int>) -> SQLSegment {
        SQLSegment(text: String(decoding: bytes[range], as: UTF8.self), offsets: Array(range))
    }

    /// Python string literals, except f-strings and literals with escapes (their text is not the
    /// file's text byte for byte).
    static func python(_ bytes: [UInt8]) -> [SQLSegment] {
        var result: [SQLSegment] = []
        var i = 0
        let quote1 = UInt8(ascii: "'"), quote2 = UInt8(ascii: "\""), hash = UInt8(ascii: "#"), newline = UInt8(ascii: "\n")
        while i < bytes.count {
            let c = bytes[i]
            if c == hash {
                while i < bytes.count, bytes[i] != newline { i += 1 }
                continue
            }
            guard c == quote1 || c == quote2 else { i += 1; continue }
            var prefix = ""
            var p = i - 1
            while p >= 0, let scalar = Unicode.Scalar(bytes[p]) as Unicode.Scalar?, "rRbBuUfF".unicodeScalars.contains(scalar) {
                prefix.append(Character(scalar))
                p -= 1
            }
            let triple = i + 2 < bytes.count && bytes[i + 1] == c && bytes[i + 2] == c
            let open = triple ? 3 : 1
            var j = i + open
            var escaped = false
            var end = -1
            while j < bytes.count {
                if bytes[j] == UInt8(ascii: "\\") {
                    escaped = true
                    j += 2
                    continue
                }
                if !triple, bytes[j] == newline { break }
                if bytes[j] == c, !triple || (j + 2 < bytes.count && bytes[j + 1] == c && bytes[j + 2] == c) {
                    end = j
                    break
                }
                j += 1
            }
            guard end >= 0 else { i = j + 1; continue }
            let raw = prefix.lowercased().contains("r")
            if !prefix.lowercased().contains("f"), !prefix.lowercased().contains("b"), raw || !escaped {
                result.append(segment(bytes, (i + open)..<end))
            }
            i = end + open
        }
        return result
    }

    /// Values of `sql:` and `query:` keys: plain, double- or single-quoted (without escapes), or
    /// `|` / `>` block scalars (indentation stripped, offsets kept).
    static func yaml(_ bytes: [UInt8]) -> [SQLSegment] {
        var lines: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        var result: [SQLSegment] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let text = String(decoding: bytes[line], as: UTF8.self)
            index += 1
            guard let match = keyValue(text) else { continue }
            let valueStart = line.lowerBound + match.valueOffset
            let value = match.value
            if value.hasPrefix("|") || value.hasPrefix(">") {
                var blockLines: [Range<Int>] = []
                var indent: Int?
                while index < lines.count {
                    let candidate = lines[index]
                    let content = bytes[candidate]
                    let spaces = content.prefix { $0 == UInt8(ascii: " ") }.count
                    if spaces == content.count { blockLines.append(candidate.upperBound..<candidate.upperBound); index += 1; continue }
                    if spaces <= match.indent { break }
                    indent = min(indent ?? spaces, spaces)
                    blockLines.append(candidate)
                    index += 1
                }
                var segmentText: [UInt8] = []
                var offsets: [Int] = []
                for range in blockLines {
                    let from = min(range.lowerBound + (indent ?? 0), range.upperBound)
                    segmentText.append(contentsOf: bytes[from..<range.upperBound])
                    offsets.append(contentsOf: from..<range.upperBound)
                    segmentText.append(UInt8(ascii: "\n"))
                    offsets.append(range.upperBound)
                }
                result.append(SQLSegment(text: String(decoding: segmentText, as: UTF8.self), offsets: offsets))
            } else if value.hasPrefix("\"") || value.hasPrefix("'") {
                let quote = value.utf8.first ?? 0
                let body = Array(value.utf8.dropFirst())
                guard let close = body.firstIndex(of: quote), !body[..<close].contains(UInt8(ascii: "\\")),
                      !(close + 1 < body.count && body[close + 1] == quote) else { continue }
                result.append(segment(bytes, (valueStart + 1)..<(valueStart + 1 + close)))
            } else if !value.isEmpty {
                // A plain scalar ends at ` #` (a comment) or the end of the line.
                var length = value.utf8.count
                if let comment = value.range(of: " #") { length = value.utf8.distance(from: value.startIndex, to: comment.lowerBound) }
                result.append(segment(bytes, valueStart..<(valueStart + length)))
            }
        }
        return result
    }

    private static func keyValue(_ line: String) -> (indent: Int, value: String, valueOffset: Int)? {
        let utf8 = Array(line.utf8)
        var i = 0
        while i < utf8.count, utf8[i] == UInt8(ascii: " ") { i += 1 }
        let indent = i
        if i + 1 < utf8.count, utf8[i] == UInt8(ascii: "-"), utf8[i + 1] == UInt8(ascii: " ") { i += 2 }
        for key in ["sql:", "query:"] where utf8[i...].starts(with: Array(key.utf8)) {
            var j = i + key.utf8.count
            guard j == utf8.count || utf8[j] == UInt8(ascii: " ") else { continue }
            while j < utf8.count, utf8[j] == UInt8(ascii: " ") { j += 1 }
            var end = utf8.count
            while end > j, utf8[end - 1] == UInt8(ascii: " ") || utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            return (indent, String(decoding: utf8[j..<end], as: UTF8.self), j)
        }
        return nil
    }
}
