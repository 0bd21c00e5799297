/// SQL text as UTF-8 bytes, with helpers to slice it by byte offsets.
public struct SourceText: Sendable {
    /// The UTF-8 bytes of the text.
    public let bytes: [UInt8]

    /// Creates source text from a string.
    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// The text between two byte offsets (clamped to the text).
    public func text(_ start: Int, _ end: Int) -> String {
        let lower = Swift.max(0, Swift.min(start, bytes.count))
        let upper = Swift.max(lower, Swift.min(end, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// The text covered by `range`.
    public func text(_ range: SourceRange) -> String { text(range.start, range.end) }

    /// The line (without its line break) that contains byte `offset`, cut to about 200 bytes on
    /// either side of the spot, and the 1-based column of the spot within that excerpt.
    static func excerpt(in bytes: [UInt8], containing offset: Int) -> (text: String, column: Int) {
        guard !bytes.isEmpty else { return ("", 1) }
        let clamped = Swift.max(0, Swift.min(offset, bytes.count))
        var lower = clamped
        while lower > 0, bytes[lower - 1] != 0x0A, clamped - lower < 200 { lower -= 1 }
        while lower < clamped, bytes[lower] & 0xC0 == 0x80 { lower += 1 }
        var upper = clamped
        while upper < bytes.count, bytes[upper] != 0x0A, upper - clamped < 200 { upper += 1 }
        while upper < bytes.count, upper > clamped, bytes[upper] & 0xC0 == 0x80 { upper -= 1 }
        if upper > lower, bytes[upper - 1] == 0x0D { upper -= 1 }
        var column = 1
        for i in lower..<clamped where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return (String(decoding: bytes[lower..<upper], as: UTF8.self), column)
    }
}

/// The result of lexing: tokens (ending with ``TokenKind/end``) and lexical diagnostics.
public struct LexedText: Sendable {
    /// The text that was lexed.
    public let source: SourceText
    /// The tokens, without comments and whitespace, ending with one ``TokenKind/end`` token.
    public let tokens: [Token]
    /// Lexical problems: unterminated strings and comments, unexpected characters, templates.
    public let diagnostics: [Diagnostic]

    /// The source text of a token.
    public func text(of token: Token) -> String { source.text(token.start, token.end) }

    /// The name a token spells, folded as PostgreSQL folds it (unquoted words to lower case,
    /// quoted ones unquoted as written); nil for anything but a name.
    public func name(of token: Token) -> String? {
        switch token.kind {
        case .word: return text(of: token).lowercased()
        case .quotedIdentifier:
            // `""` inside quotes is one `"`.
            var name = ""
            var quote = false
            for character in text(of: token).dropFirst().dropLast() {
                if character == "\"", !quote { quote = true; continue }
                quote = false
                name.append(character)
            }
            return name
        default: return nil
        }
    }
}
