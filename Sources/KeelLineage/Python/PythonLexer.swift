/// Tokenizes Python source for the static DAG reader: logical lines, INDENT/DEDENT, strings with
/// prefixes and triple quotes, numbers, names and operators.
///
/// Keel never runs DAG files. It reads them as text, so a syntax error is reported with its line
/// instead of executing anything.
enum PythonLexer {
    enum Kind: Equatable {
        case name(String)
        case number(String)
        /// A string literal's value; `formatted` for f-strings (the value then holds the raw text between quotes).
        case string(String, formatted: Bool)
        case op(String)
        case newline
        case indent
        case dedent
        case end
    }

    struct Token: Equatable {
        var kind: Kind
        var line: Int
        var column: Int
    }

    private static let operators: [String] = [
        "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", ">>", "<<", "<=", ">=", "==", "!=", ":=", "+=", "-=", "*=",
        "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[",
        "]", "{", "}", ",", ":", ".", ";", "=",
    ].sorted { $0.count > $1.count }

    static func tokenize(_ source: String, file: String) throws(LineageError) -> [Token] {
        let chars = Array(source.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        var line = 1
        var lineStart = 0
        var indents = [0]
        var brackets: [(Unicode.Scalar, Int)] = []
        var atLineStart = true

        func location(_ line: Int, _ column: Int = 0) -> FileLocation { FileLocation(file: file, line: line, column: column) }

        while index < chars.count {
            if atLineStart && brackets.isEmpty {
                // Measure indentation of a new logical line; skip blank and comment-only lines.
                var width = 0
                var cursor = index
                while cursor < chars.count, chars[cursor] == " " || chars[cursor] == "\t" || chars[cursor] == "\u{0C}" {
                    width += chars[cursor] == "\t" ? 8 - (width % 8) : 1
                    cursor += 1
                }
                if cursor >= chars.count { index = cursor; break }
                let c = chars[cursor]
                if c == "\n" || c == "#" || c == "\r" {
                    while cursor < chars.count, chars[cursor] != "\n" { cursor += 1 }
                    index = cursor + 1
                    line += 1
                    lineStart = index
                    continue
                }
                if c == "\\", cursor + 1 < chars.count, chars[cursor + 1] == "\n" {
                    index = cursor + 2
                    line += 1
                    lineStart = index
                    continue
                }
                if width > indents[indents.count - 1] {
                    indents.append(width)
                    tokens.append(Token(kind: .indent, line: line, column: 1))
                } else {
                    while width < indents[indents.count - 1] {
                        indents.removeLast()
                        tokens.append(Token(kind: .dedent, line: line, column: 1))
                    }
                    if width != indents[indents.count - 1] {
                        throw .pythonSyntax(location(line), reason: "unindent does not match any outer indentation level")
                    }
                }
                index = cursor
                atLineStart = false
            }
            let c = chars[index]
            let column = index - lineStart + 1
            if c == " " || c == "\t" || c == "\r" || c == "\u{0C}" { index += 1; continue }
            if c == "#" {
                while index < chars.count, chars[index] != "\n" { index += 1 }
                continue
            }
            if c == "\\", index + 1 < chars.count, chars[index + 1] == "\n" || (chars[index + 1] == "\r" && index + 2 < chars.count && chars[index + 2] == "\n") {
                index += chars[index + 1] == "\r" ? 3 : 2
                line += 1
                lineStart = index
                continue
            }
            if c == "\n" {
                if brackets.isEmpty {
                    if let last = tokens.last, last.kind != .newline, last.kind != .indent, last.kind != .dedent {
                        tokens.append(Token(kind: .newline, line: line, column: column))
                    }
                    atLineStart = true
                }
                index += 1
                line += 1
                lineStart = index
                continue
            }
            // String literals, with optional prefixes.
            if let (prefixLength, quoteIndex) = stringStart(chars, index) {
                let prefix = String(String.UnicodeScalarView(chars[index..<index + prefixLength])).lowercased()
                let raw = prefix.contains("r")
                let formatted = prefix.contains("f")
                let quote = chars[quoteIndex]
                let triple = quoteIndex + 2 < chars.count && chars[quoteIndex + 1] == quote && chars[quoteIndex + 2] == quote
                var cursor = quoteIndex + (triple ? 3 : 1)
                var value = String.UnicodeScalarView()
                let startLine = line
                var closed = false
                while cursor < chars.count {
                    let ch = chars[cursor]
                    if ch == "\\", cursor + 1 < chars.count {
                        let next = chars[cursor + 1]
                        if next == "\n" { line += 1; lineStart = cursor + 2 }
                        if raw || formatted {
                            value.append(ch)
                            value.append(next)
                        } else {
                            switch next {
                            case "n": value.append("\n")
                            case "t": value.append("\t")
                            case "r": value.append("\r")
                            case "0": value.append("\0")
                            case "\\", "'", "\"": value.append(next)
                            case "\n": break
                            default: value.append(ch); value.append(next)
                            }
                        }
                        cursor += 2
                        continue
                    }
                    if ch == quote {
                        if !triple { closed = true; cursor += 1; break }
                        if cursor + 2 < chars.count, chars[cursor + 1] == quote, chars[cursor + 2] == quote {
                            closed = true
                            cursor += 3
                            break
                        }
                    }
                    if ch == "\n" {
                        if !triple { break }
                        line += 1
                        lineStart = cursor + 1
                    }
                    value.append(ch)
                    cursor += 1
                }
                guard closed else {
                    throw .pythonSyntax(location(startLine, column), reason: triple ? "unterminated triple-quoted string literal" : "unterminated string literal")
                }
                tokens.append(Token(kind: .string(String(value), formatted: formatted), line: startLine, column: column))
                index = cursor
                continue
            }
            if c.properties.isXIDStart || c == "_" {
                var word = String.UnicodeScalarView()
                while index < chars.count, chars[index].properties.isXIDContinue || chars[index] == "_" {
                    word.append(chars[index])
                    index += 1
                }
                tokens.append(Token(kind: .name(String(word)), line: line, column: column))
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && index + 1 < chars.count && ("0"..."9").contains(chars[index + 1])) {
                var number = String.UnicodeScalarView()
                while index < chars.count {
                    let ch = chars[index]
                    if ch.properties.isAlphabetic || ("0"..."9").contains(ch) || ch == "_" || ch == "." {
                        number.append(ch)
                        index += 1
                    } else if (ch == "+" || ch == "-"), let last = number.last, last == "e" || last == "E",
                              !String(number).lowercased().hasPrefix("0x") {
                        number.append(ch)
                        index += 1
                    } else {
                        break
                    }
                }
                tokens.append(Token(kind: .number(String(number)), line: line, column: column))
                continue
            }
            var matched: String?
            for op in operators {
                let scalars = Array(op.unicodeScalars)
                if index + scalars.count <= chars.count, Array(chars[index..<index + scalars.count]) == scalars {
                    matched = op
                    break
                }
            }
            guard let op = matched else {
                throw .pythonSyntax(location(line, column), reason: "invalid character '\(c)'")
            }
            switch op {
            case "(", "[", "{":
                brackets.append((op.unicodeScalars.first ?? "(", line))
            case ")", "]", "}":
                guard let (open, _) = brackets.popLast() else {
                    throw .pythonSyntax(location(line, column), reason: "unmatched '\(op)'")
                }
                let expected: Unicode.Scalar = open == "(" ? ")" : (open == "[" ? "]" : "}")
                if op.unicodeScalars.first != expected {
                    throw .pythonSyntax(location(line, column), reason: "closing parenthesis '\(op)' does not match opening parenthesis '\(open)'")
                }
            default:
                break
            }
            tokens.append(Token(kind: .op(op), line: line, column: column))
            index += op.unicodeScalars.count
        }
        if let (open, openLine) = brackets.last {
            throw .pythonSyntax(location(openLine), reason: "'\(open)' was never closed")
        }
        if let last = tokens.last, last.kind != .newline, last.kind != .dedent {
            tokens.append(Token(kind: .newline, line: line, column: 1))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, line: line, column: 1))
        }
        tokens.append(Token(kind: .end, line: line, column: 1))
        return tokens
    }

    /// If a string literal starts at `index` (with an optional r/b/u/f prefix), the prefix length and quote index.
    private static func stringStart(_ chars: [Unicode.Scalar], _ index: Int) -> (Int, Int)? {
        var cursor = index
        while cursor < chars.count, cursor - index < 2, "rRbBuUfF".unicodeScalars.contains(chars[cursor]) { cursor += 1 }
        guard cursor < chars.count, chars[cursor] == "'" || chars[cursor] == "\"" else { return nil }
        if cursor > index {
            let prefix = String(String.UnicodeScalarView(chars[index..<cursor])).lowercased()
            guard ["r", "b", "u", "f", "rb", "br", "fr", "rf"].contains(prefix) else { return nil }
        }
        return (cursor - index, cursor)
    }
}
