/// Splits multi-statement SQL text into statements the way psql does.
///
/// Semicolons end a statement only outside quotes, dollar quotes, comments and parentheses, and
/// outside the `BEGIN ATOMIC … END` body of a SQL-standard `CREATE FUNCTION` / `CREATE PROCEDURE`.
/// psql meta-commands (`\connect`, `\restrict`, …) are dropped, and the data lines after
/// `COPY … FROM stdin;` are skipped up to their `\.` line.
public enum SQLScript {
    /// Splits `text` into statements, dropping empty ones.
    /// - Parameter text: a script, for example a migration file or a `pg_dump` output.
    /// - Returns: each statement's text (without the terminating semicolon) and its source range.
    public static func split(_ text: String) -> [StatementText] {
        let lexed = Lexer.tokenize(text)
        return statements(in: lexed)
    }

    static func statements(in lexed: LexedText) -> [StatementText] {
        boundaries(lexed.tokens).map { bounds in
            let first = lexed.tokens[bounds.lowerBound]
            let last = lexed.tokens[bounds.upperBound - 1]
            let range = SourceRange(start: first.start, end: last.end, line: first.line, column: first.column)
            return StatementText(text: lexed.source.text(range), range: range)
        }
    }

    /// Token index ranges of the non-empty statements in `tokens` (meta-commands and `;` excluded).
    static func boundaries(_ tokens: [Token]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = -1
        var parenDepth = 0
        var blockDepth = 0
        var wordCount = 0
        var isRoutine = false
        var leadingCreate = false
        var index = 0
        let count = tokens.count
        func close(at end: Int) {
            if start >= 0, end > start { result.append(start..<end) }
            start = -1
            parenDepth = 0
            blockDepth = 0
            wordCount = 0
            isRoutine = false
            leadingCreate = false
        }
        while index < count {
            let token = tokens[index]
            switch token.kind {
            case .end:
                close(at: index)
                return result
            case .metaCommand:
                // A meta-command ends any pending statement, as psql sends the buffer first.
                close(at: index)
            case .semicolon:
                if parenDepth > 0 || blockDepth > 0 {
                    break
                }
                close(at: index)
            default:
                if start < 0 { start = index }
                switch token.kind {
                case .leftParen: parenDepth += 1
                case .rightParen: parenDepth = Swift.max(0, parenDepth - 1)
                case .word:
                    wordCount += 1
                    if wordCount == 1 { leadingCreate = token.keyword == .create }
                    if leadingCreate, wordCount <= 4, token.keyword == .function || token.keyword == .procedure {
                        isRoutine = true
                    }
                    if isRoutine {
                        if token.keyword == .begin || token.keyword == .case {
                            blockDepth += 1
                        } else if token.keyword == .end {
                            blockDepth = Swift.max(0, blockDepth - 1)
                        }
                    }
                default: break
                }
            }
            index += 1
        }
        close(at: count)
        return result
    }
}

/// One statement's text within a script.
public struct StatementText: Hashable, Sendable {
    /// The statement, from its first token to its last (no trailing semicolon, no leading comments).
    public var text: String
    /// Where it is in the script.
    public var range: SourceRange

    /// Creates a statement text.
    public init(text: String, range: SourceRange) {
        self.text = text
        self.range = range
    }
}
