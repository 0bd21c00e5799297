/// Turns SQL text into tokens, following PostgreSQL's lexical rules.
///
/// The lexer works on UTF-8 bytes and never fails: bytes it cannot read become ``TokenKind/invalid``
/// tokens with a diagnostic. Comments and whitespace are dropped. psql meta-command lines become
/// ``TokenKind/metaCommand`` tokens, and the data of `COPY … FROM stdin` is skipped up to its `\.`.
public struct Lexer {
    let bytes: [UInt8]
    var pos = 0
    var line = 1
    var lineStart = 0
    var columnOffset = 0
    var columnValue = 1
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    // `COPY … FROM stdin` tracking.
    var atStatementStart = true
    var copyState: CopyState = .none
    var previousWasFrom = false

    enum CopyState { case none, copy, fromStdin }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        tokens.reserveCapacity(bytes.count / 4 + 1)
    }

    /// Lexes `text` into tokens (ending with one ``TokenKind/end`` token) and diagnostics.
    /// - Parameter text: SQL text.
    /// - Returns: the lexed text.
    public static func tokenize(_ text: String) -> LexedText {
        tokenize(SourceText(text))
    }

    static func tokenize(_ source: SourceText) -> LexedText {
        var lexer = Lexer(bytes: source.bytes)
        lexer.run()
        return LexedText(source: source, tokens: lexer.tokens, diagnostics: lexer.diagnostics)
    }

    // MARK: - Scanning

    mutating func run() {
        let n = bytes.count
        while pos < n {
            let b = bytes[pos]
            switch b {
            case 0x20, 0x09, 0x0D, 0x0C, 0x0B:
                pos += 1
            case 0x0A:
                newline(at: pos)
                pos += 1
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
                skipLineComment()
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                skipBlockComment()
            case UInt8(ascii: "'"):
                lexQuoted(start: pos, bodyStart: pos + 1, kind: .string, backslashEscapes: false)
            case UInt8(ascii: "\""):
                lexQuotedIdentifier(start: pos, bodyStart: pos + 1, kind: .quotedIdentifier)
            case UInt8(ascii: "`"):
                lexBacktick()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                lexNumber()
            case UInt8(ascii: "."):
                if let next = peek(1), isDigit(next) { lexNumber() } else { single(.dot) }
            case UInt8(ascii: "$"):
                lexDollar()
            case UInt8(ascii: ":"):
                let next = peek(1)
                if next == UInt8(ascii: ":") {
                    emit(.doubleColon, from: pos, to: pos + 2)
                } else if next == UInt8(ascii: "=") {
                    emit(.colonEquals, from: pos, to: pos + 2)
                } else {
                    single(.colon)
                }
            case UInt8(ascii: "("): single(.leftParen)
            case UInt8(ascii: ")"): single(.rightParen)
            case UInt8(ascii: "["): single(.leftBracket)
            case UInt8(ascii: "]"): single(.rightBracket)
            case UInt8(ascii: ","): single(.comma)
            case UInt8(ascii: ";"):
                single(.semicolon)
                statementEnded()
            case UInt8(ascii: "{"):
                let next = peek(1)
                if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#") {
                    lexTemplate()
                } else {
                    single(.leftBrace)
                }
            case UInt8(ascii: "}"): single(.rightBrace)
            case UInt8(ascii: "\\"):
                lexMetaCommand()
            default:
                if isWordStart(b) {
                    lexWord()
                } else if isOperatorChar(b) {
                    lexOperator()
                } else {
                    let start = pos
                    pos += 1
                    while pos < n, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
                    emit(.invalid, from: start, to: pos)
                    report(.unexpectedCharacter, "unexpected character", at: tokens[tokens.count - 1].range)
                }
            }
        }
        let location = locate(n)
        tokens.append(Token(kind: .end, keyword: nil, start: n, end: n, line: location.line, column: location.column))
    }

    @inline(__always) func peek(_ offset: Int) -> UInt8? {
        let index = pos + offset
        return index < bytes.count ? bytes[index] : nil
    }

    @inline(__always) mutating func newline(at index: Int) {
        line += 1
        lineStart = index + 1
    }

    /// Line and column (in Unicode scalars) of byte `offset`, which must not precede the last located offset.
    mutating func locate(_ offset: Int) -> (line: Int, column: Int) {
        if lineStart > columnOffset {
            columnOffset = lineStart
            columnValue = 1
        }
        var i = columnOffset
        var column = columnValue
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnOffset = offset
        columnValue = column
        return (line, column)
    }

    mutating func emit(_ kind: TokenKind, from start: Int, to end: Int, keyword: Keyword? = nil) {
        let location = locate(start)
        tokens.append(Token(kind: kind, keyword: keyword, start: start, end: end, line: location.line, column: location.column))
        pos = end
        if kind != .metaCommand { atStatementStart = false }
    }

    @inline(__always) mutating func single(_ kind: TokenKind) {
        emit(kind, from: pos, to: pos + 1)
    }

    mutating func report(_ code: Diagnostic.Code, _ message: String, at range: SourceRange, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(code: code, severity: severity, message: message, range: range, bytes: bytes))
    }

    // MARK: - Comments

    mutating func skipLineComment() {
        while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
    }

    mutating func skipBlockComment() {
        let start = pos
        let startLocation = locate(start)
        pos += 2
        var depth = 1
        let n = bytes.count
        while pos < n {
            let b = bytes[pos]
            if b == UInt8(ascii: "*"), pos + 1 < n, bytes[pos + 1] == UInt8(ascii: "/") {
                depth -= 1
                pos += 2
                if depth == 0 { return }
            } else if b == UInt8(ascii: "/"), pos + 1 < n, bytes[pos + 1] == UInt8(ascii: "*") {
                depth += 1
                pos += 2
            } else {
                if b == 0x0A { newline(at: pos) }
                pos += 1
            }
        }
        report(.unterminated, "unterminated /* comment",
               at: SourceRange(start: start, end: start + 2, line: startLocation.line, column: startLocation.column))
    }

    // MARK: - Words and prefixed literals

    mutating func lexWord() {
        let start = pos
        let first = bytes[pos]
        // Prefixed strings: E'…', B'…', X'…', N'…', U&'…', U&"…".
        if let next = peek(1) {
            if next == UInt8(ascii: "'") {
                switch first | 0x20 {
                case UInt8(ascii: "e"):
                    lexQuoted(start: start, bodyStart: pos + 2, kind: .escapeString, backslashEscapes: true); return
                case UInt8(ascii: "b"):
                    lexQuoted(start: start, bodyStart: pos + 2, kind: .bitString, backslashEscapes: false); return
                case UInt8(ascii: "x"):
                    lexQuoted(start: start, bodyStart: pos + 2, kind: .hexString, backslashEscapes: false); return
                case UInt8(ascii: "n"):
                    lexQuoted(start: start, bodyStart: pos + 2, kind: .nationalString, backslashEscapes: false); return
                default: break
                }
            } else if next == UInt8(ascii: "&"), first | 0x20 == UInt8(ascii: "u"), let third = peek(2) {
                if third == UInt8(ascii: "'") {
                    lexQuoted(start: start, bodyStart: pos + 3, kind: .unicodeString, backslashEscapes: false); return
                }
                if third == UInt8(ascii: "\"") {
                    lexQuotedIdentifier(start: start, bodyStart: pos + 3, kind: .unicodeQuotedIdentifier); return
                }
            }
        }
        var end = pos + 1
        let n = bytes.count
        while end < n, isWordContinue(bytes[end]) { end += 1 }
        var keyword: Keyword?
        if end - start <= 17 {
            keyword = Keyword.lookup(bytes: bytes, start: start, end: end)
        }
        trackCopy(keyword)
        emit(.word, from: start, to: end, keyword: keyword)
    }

    mutating func trackCopy(_ keyword: Keyword?) {
        if atStatementStart {
            copyState = keyword == .copy ? .copy : .none
        } else if copyState == .copy {
            if previousWasFrom, keyword == .stdin { copyState = .fromStdin }
        }
        previousWasFrom = keyword == .from
    }

    mutating func statementEnded() {
        if copyState == .fromStdin { skipCopyData() }
        copyState = .none
        previousWasFrom = false
        atStatementStart = true
    }

    /// Skips `COPY … FROM stdin` data: from the line after the statement up to a line holding `\.`.
    mutating func skipCopyData() {
        let n = bytes.count
        while pos < n, bytes[pos] != 0x0A { pos += 1 }
        guard pos < n else { return }
        newline(at: pos)
        pos += 1
        while pos < n {
            var lineEnd = pos
            while lineEnd < n, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > pos, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let isTerminator = contentEnd - pos == 2 && bytes[pos] == UInt8(ascii: "\\") && bytes[pos + 1] == UInt8(ascii: ".")
            if lineEnd < n { newline(at: lineEnd) }
            pos = Swift.min(lineEnd + 1, n)
            if isTerminator { return }
        }
    }

    // MARK: - Quoted text

    /// A string literal: `'…'` with `''`; with `backslashEscapes`, `\'` does not end it.
    mutating func lexQuoted(start: Int, bodyStart: Int, kind: TokenKind, backslashEscapes: Bool) {
        let startLocation = locate(start)
        var i = bodyStart
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "'") {
                if i + 1 < n, bytes[i + 1] == UInt8(ascii: "'") { i += 2; continue }
                let token = Token(kind: kind, keyword: nil, start: start, end: i + 1, line: startLocation.line, column: startLocation.column)
                tokens.append(token)
                pos = i + 1
                atStatementStart = false
                return
            }
            if backslashEscapes, b == UInt8(ascii: "\\"), i + 1 < n {
                if bytes[i + 1] == 0x0A { newline(at: i + 1) }
                i += 2
                continue
            }
            if b == 0x0A { newline(at: i) }
            i += 1
        }
        unterminated(kind: kind, start: start, location: startLocation, what: "string literal")
    }

    mutating func lexQuotedIdentifier(start: Int, bodyStart: Int, kind: TokenKind) {
        let startLocation = locate(start)
        var i = bodyStart
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                if i + 1 < n, bytes[i + 1] == UInt8(ascii: "\"") { i += 2; continue }
                tokens.append(Token(kind: kind, keyword: nil, start: start, end: i + 1, line: startLocation.line, column: startLocation.column))
                pos = i + 1
                atStatementStart = false
                return
            }
            if b == 0x0A { newline(at: i) }
            i += 1
        }
        unterminated(kind: kind, start: start, location: startLocation, what: "quoted identifier")
    }

    mutating func lexBacktick() {
        let start = pos
        let startLocation = locate(start)
        var i = pos + 1
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "`") {
                if i + 1 < n, bytes[i + 1] == UInt8(ascii: "`") { i += 2; continue }
                tokens.append(Token(kind: .backtickIdentifier, keyword: nil, start: start, end: i + 1, line: startLocation.line, column: startLocation.column))
                pos = i + 1
                atStatementStart = false
                return
            }
            if b == 0x0A { newline(at: i) }
            i += 1
        }
        unterminated(kind: .backtickIdentifier, start: start, location: startLocation, what: "backtick identifier")
    }

    mutating func unterminated(kind: TokenKind, start: Int, location: (line: Int, column: Int), what: String) {
        let n = bytes.count
        let token = Token(kind: .invalid, keyword: nil, start: start, end: n, line: location.line, column: location.column)
        tokens.append(token)
        pos = n
        atStatementStart = false
        report(.unterminated, "unterminated \(what)",
               at: SourceRange(start: start, end: Swift.min(start + 1, n), line: location.line, column: location.column))
    }

    // MARK: - Numbers, parameters, dollar quotes

    mutating func lexNumber() {
        let start = pos
        let n = bytes.count
        var i = pos
        var kind = TokenKind.integer
        // 0x…, 0o…, 0b… (PostgreSQL 16).
        if bytes[i] == UInt8(ascii: "0"), i + 2 < n {
            let radix = bytes[i + 1] | 0x20
            if radix == UInt8(ascii: "x") || radix == UInt8(ascii: "o") || radix == UInt8(ascii: "b"),
               isHexDigit(bytes[i + 2]) {
                i += 2
                while i < n, isHexDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_") { i += 1 }
                emit(.integer, from: start, to: i)
                return
            }
        }
        while i < n, isDigit(bytes[i]) || (bytes[i] == UInt8(ascii: "_") && i + 1 < n && isDigit(bytes[i + 1])) { i += 1 }
        if i < n, bytes[i] == UInt8(ascii: "."), !(i + 1 < n && bytes[i + 1] == UInt8(ascii: ".")) {
            kind = .decimal
            i += 1
            while i < n, isDigit(bytes[i]) || (bytes[i] == UInt8(ascii: "_") && i + 1 < n && isDigit(bytes[i + 1])) { i += 1 }
        }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            if j < n, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
            if j < n, isDigit(bytes[j]) {
                kind = .decimal
                i = j
                while i < n, isDigit(bytes[i]) { i += 1 }
            }
        }
        emit(kind, from: start, to: i)
    }

    mutating func lexDollar() {
        let start = pos
        let n = bytes.count
        if let next = peek(1), isDigit(next) {
            var i = pos + 1
            while i < n, isDigit(bytes[i]) { i += 1 }
            emit(.parameter, from: start, to: i)
            return
        }
        // $tag$ … $tag$
        var i = pos + 1
        if i < n, isWordStart(bytes[i]) {
            i += 1
            while i < n, isWordStart(bytes[i]) || isDigit(bytes[i]) { i += 1 }
        }
        guard i < n, bytes[i] == UInt8(ascii: "$") else {
            emit(.invalid, from: start, to: pos + 1)
            report(.unexpectedCharacter, "unexpected \"$\"", at: tokens[tokens.count - 1].range)
            return
        }
        let tag = Array(bytes[start...i])
        let startLocation = locate(start)
        var j = i + 1
        while j < n {
            let b = bytes[j]
            if b == UInt8(ascii: "$"), j + tag.count <= n, bytes[j..<(j + tag.count)].elementsEqual(tag) {
                tokens.append(Token(kind: .dollarString, keyword: nil, start: start, end: j + tag.count, line: startLocation.line, column: startLocation.column))
                pos = j + tag.count
                atStatementStart = false
                return
            }
            if b == 0x0A { newline(at: j) }
            j += 1
        }
        unterminated(kind: .dollarString, start: start, location: startLocation, what: "dollar-quoted string")
    }

    // MARK: - Operators

    mutating func lexOperator() {
        let start = pos
        let n = bytes.count
        var i = pos
        while i < n, isOperatorChar(bytes[i]) {
            // A comment start ends the operator.
            if i > start, bytes[i] == UInt8(ascii: "-"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "-") { break }
            if i > start, bytes[i] == UInt8(ascii: "/"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "*") { break }
            if i > start, bytes[i] == UInt8(ascii: "*"), bytes[i - 1] == UInt8(ascii: "/") { i -= 1; break }
            i += 1
        }
        if i == start { i = start + 1 }
        // A multi-character operator cannot end in + or - unless it holds one of ~ ! @ # % ^ & | ` ?
        if i - start > 1 {
            var special = false
            for k in start..<i {
                switch bytes[k] {
                case UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "@"), UInt8(ascii: "#"), UInt8(ascii: "%"),
                     UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "?"):
                    special = true
                default: break
                }
            }
            if !special {
                while i - start > 1, bytes[i - 1] == UInt8(ascii: "+") || bytes[i - 1] == UInt8(ascii: "-") { i -= 1 }
            }
        }
        emit(.op, from: start, to: i)
    }

    // MARK: - Templates and meta-commands

    mutating func lexTemplate() {
        let start = pos
        let startLocation = locate(start)
        let opener = bytes[pos + 1]
        let closer: UInt8 = opener == UInt8(ascii: "{") ? UInt8(ascii: "}") : opener
        let n = bytes.count
        var i = pos + 2
        while i < n {
            if bytes[i] == closer, i + 1 < n, bytes[i + 1] == UInt8(ascii: "}") {
                let range = SourceRange(start: start, end: i + 2, line: startLocation.line, column: startLocation.column)
                pos = i + 2
                if opener == UInt8(ascii: "{") {
                    tokens.append(Token(kind: .template, keyword: nil, start: start, end: i + 2, line: startLocation.line, column: startLocation.column))
                    atStatementStart = false
                }
                report(.template, "unrendered template", at: range, severity: .warning)
                return
            }
            if bytes[i] == 0x0A { newline(at: i) }
            i += 1
        }
        unterminated(kind: .template, start: start, location: startLocation, what: "template")
    }

    mutating func lexMetaCommand() {
        let start = pos
        var i = pos
        while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        let atStart = atStatementStart
        emit(.metaCommand, from: start, to: i)
        atStatementStart = atStart
    }

    // MARK: - Character classes

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "f"))
    }
    @inline(__always) func isWordStart(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") || b >= 0x80
    }
    @inline(__always) func isWordContinue(_ b: UInt8) -> Bool {
        isWordStart(b) || isDigit(b) || b == UInt8(ascii: "$")
    }
    @inline(__always) func isOperatorChar(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "@"),
             UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "|"),
             UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }
}
