/// Splits a Jinja template into text and tags, and a tag's inside into tokens.
///
/// Follows Jinja2's defaults as dbt configures them: `{{ }}`, `{% %}`, `{# #}`, `-` whitespace control,
/// `{% raw %}`, no `trim_blocks`/`lstrip_blocks`, and one trailing newline of the template dropped.
enum JinjaLexer {
    /// A piece of a template.
    enum Segment: Equatable {
        case text(String)
        case output(String, line: Int)
        case statement(String, line: Int)
    }

    /// The template's segments.
    /// - Throws: ``LineageError/jinjaSyntax(_:reason:)`` for an unclosed tag, comment or raw block.
    static func segments(_ source: String, file: String) throws(LineageError) -> [Segment] {
        var chars = Array(source.unicodeScalars)
        if chars.last == "\n" { chars.removeLast() }
        var segments: [Segment] = []
        var text = String.UnicodeScalarView()
        var index = 0
        var line = 1
        var stripNextText = false
        let count = chars.count

        func flushText(stripTrailing: Bool) {
            var piece = String(text)
            text = String.UnicodeScalarView()
            if stripNextText {
                piece = String(piece.drop { $0.isWhitespace })
                stripNextText = false
            }
            if stripTrailing {
                while let last = piece.last, last.isWhitespace { piece.removeLast() }
            }
            if !piece.isEmpty { segments.append(.text(piece)) }
        }

        while index < count {
            let c = chars[index]
            guard c == "{", index + 1 < count, chars[index + 1] == "{" || chars[index + 1] == "%" || chars[index + 1] == "#" else {
                if c == "\n" { line += 1 }
                text.append(c)
                index += 1
                continue
            }
            let kind = chars[index + 1]
            let startLine = line
            var bodyStart = index + 2
            var stripBefore = false
            if bodyStart < count, chars[bodyStart] == "-" { stripBefore = true; bodyStart += 1 }
            else if bodyStart < count, chars[bodyStart] == "+" { bodyStart += 1 }
            flushText(stripTrailing: stripBefore)
            let closer: Unicode.Scalar = kind == "{" ? "}" : (kind == "%" ? "%" : "#")
            // Find the closing delimiter, skipping string literals inside expressions and statements.
            var cursor = bodyStart
            var quote: Unicode.Scalar?
            var found = -1
            while cursor < count {
                let ch = chars[cursor]
                if ch == "\n" { line += 1 }
                if let q = quote {
                    if ch == "\\" { cursor += 2; continue }
                    if ch == q { quote = nil }
                } else if kind != "#", ch == "'" || ch == "\"" {
                    quote = ch
                } else if ch == closer, cursor + 1 < count, chars[cursor + 1] == "}" {
                    found = cursor
                    break
                }
                cursor += 1
            }
            guard found >= 0 else {
                let what = kind == "{" ? "{{ … }} expression" : (kind == "%" ? "{% … %} tag" : "{# … #} comment")
                throw .jinjaSyntax(FileLocation(file: file, line: startLine), reason: "unclosed \(what)")
            }
            var bodyEnd = found
            var stripAfter = false
            if bodyEnd > bodyStart, chars[bodyEnd - 1] == "-" { stripAfter = true; bodyEnd -= 1 }
            else if bodyEnd > bodyStart, chars[bodyEnd - 1] == "+" { bodyEnd -= 1 }
            let body = String(String.UnicodeScalarView(chars[bodyStart..<max(bodyStart, bodyEnd)]))
            index = found + 2
            stripNextText = stripAfter
            switch kind {
            case "{":
                segments.append(.output(body, line: startLine))
            case "%":
                let trimmed = body.trimmingWhitespace()
                if trimmed == "raw" {
                    // Copy everything up to {% endraw %} verbatim.
                    guard let (rawText, resume, rawStrip, lines) = rawBody(chars, from: index) else {
                        throw .jinjaSyntax(FileLocation(file: file, line: startLine), reason: "unclosed {% raw %} block")
                    }
                    var piece = rawText
                    if stripNextText { piece = String(piece.drop { $0.isWhitespace }); stripNextText = false }
                    if !piece.isEmpty { segments.append(.text(piece)) }
                    line += lines
                    index = resume
                    stripNextText = rawStrip
                } else {
                    segments.append(.statement(body, line: startLine))
                }
            default:
                break   // a comment
            }
        }
        flushText(stripTrailing: false)
        return segments
    }

    /// The text of a raw block starting at `start`, the index after its `{% endraw %}`, whether that tag
    /// strips following whitespace, and the number of newlines consumed.
    private static func rawBody(_ chars: [Unicode.Scalar], from start: Int) -> (String, Int, Bool, Int)? {
        var index = start
        while index + 1 < chars.count {
            if chars[index] == "{", chars[index + 1] == "%" {
                var cursor = index + 2
                var stripBefore = false
                if cursor < chars.count, chars[cursor] == "-" { stripBefore = true; cursor += 1 }
                while cursor < chars.count, chars[cursor] == " " || chars[cursor] == "\t" || chars[cursor] == "\n" { cursor += 1 }
                let word = "endraw".unicodeScalars
                if cursor + word.count <= chars.count, Array(chars[cursor..<cursor + word.count]) == Array(word) {
                    cursor += word.count
                    while cursor < chars.count, chars[cursor] == " " || chars[cursor] == "\t" || chars[cursor] == "\n" { cursor += 1 }
                    var stripAfter = false
                    if cursor < chars.count, chars[cursor] == "-" { stripAfter = true; cursor += 1 }
                    if cursor + 1 < chars.count, chars[cursor] == "%", chars[cursor + 1] == "}" {
                        var body = String(String.UnicodeScalarView(chars[start..<index]))
                        let lines = Array(chars[start..<cursor]).filter { $0 == "\n" }.count
                        if stripBefore { while let last = body.last, last.isWhitespace { body.removeLast() } }
                        return (body, cursor + 2, stripAfter, lines)
                    }
                }
            }
            index += 1
        }
        return nil
    }

    // MARK: Tokens inside a tag

    /// A token of a tag's inside.
    enum Token: Equatable {
        case name(String)
        case string(String)
        case int(Int)
        case float(Double)
        case op(String)
        case end
    }

    private static let operators = ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=",
                                    "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"]

    /// Tokenizes an expression or statement body.
    static func tokens(_ body: String, location: FileLocation) throws(LineageError) -> [Token] {
        let chars = Array(body.unicodeScalars)
        var result: [Token] = []
        var index = 0
        while index < chars.count {
            let c = chars[index]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { index += 1; continue }
            if c == "'" || c == "\"" {
                var value = String.UnicodeScalarView()
                index += 1
                var closed = false
                while index < chars.count {
                    let ch = chars[index]
                    if ch == "\\", index + 1 < chars.count {
                        let next = chars[index + 1]
                        switch next {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "\\", "'", "\"": value.append(next)
                        default: value.append(ch); value.append(next)
                        }
                        index += 2
                        continue
                    }
                    if ch == c { closed = true; index += 1; break }
                    value.append(ch)
                    index += 1
                }
                guard closed else { throw .jinjaSyntax(location, reason: "unterminated string literal") }
                result.append(.string(String(value)))
                continue
            }
            if c.properties.isAlphabetic || c == "_" {
                var word = String.UnicodeScalarView()
                while index < chars.count, chars[index].properties.isAlphabetic || chars[index] == "_" || ("0"..."9").contains(chars[index]) {
                    word.append(chars[index])
                    index += 1
                }
                result.append(.name(String(word)))
                continue
            }
            if ("0"..."9").contains(c) {
                var digits = String.UnicodeScalarView()
                var isFloat = false
                while index < chars.count {
                    let ch = chars[index]
                    if ("0"..."9").contains(ch) || ch == "_" {
                        if ch != "_" { digits.append(ch) }
                    } else if ch == ".", !isFloat, index + 1 < chars.count, ("0"..."9").contains(chars[index + 1]) {
                        isFloat = true
                        digits.append(ch)
                    } else if ch == "e" || ch == "E", index + 1 < chars.count,
                              ("0"..."9").contains(chars[index + 1]) || chars[index + 1] == "-" || chars[index + 1] == "+" {
                        isFloat = true
                        digits.append(ch)
                        digits.append(chars[index + 1])
                        index += 1
                    } else {
                        break
                    }
                    index += 1
                }
                let text = String(digits)
                if isFloat, let value = Double(text) { result.append(.float(value)) }
                else if let value = Int(text) { result.append(.int(value)) }
                else { throw .jinjaSyntax(location, reason: "bad number '\(text)'") }
                continue
            }
            var matched = false
            for op in operators {
                let scalars = Array(op.unicodeScalars)
                if index + scalars.count <= chars.count, Array(chars[index..<index + scalars.count]) == scalars {
                    result.append(.op(op))
                    index += scalars.count
                    matched = true
                    break
                }
            }
            guard matched else { throw .jinjaSyntax(location, reason: "unexpected character '\(c)'") }
        }
        result.append(.end)
        return result
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
