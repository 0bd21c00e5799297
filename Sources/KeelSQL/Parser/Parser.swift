/// A hand-written recursive-descent parser for PostgreSQL, tolerant of the warehouse syntax found
/// in dbt projects (Snowflake, BigQuery, Trino).
///
/// It is table-driven like sqlglot's: the statement parser is chosen from ``statementParsers`` by
/// the leading key word. It never traps: problems become ``Diagnostic``s, the parser recovers at the
/// next statement (or list item), and nesting is limited by ``ParserOptions/maximumDepth``.
///
/// ```swift
/// let result = Parser.parse("SELECT a FROM t; DELETE FROM t WHERE id = $1")
/// result.statements.count   // 2
/// let check = try Parser.parseExpression("price > 0 AND price < 1000")
/// let type = try Parser.parseType("varchar(255)[]")
/// ```
public struct Parser {
    var tokens: [Token]
    let bytes: [UInt8]
    var index = 0
    /// The index of the token that ends the current statement (its `;` or the end token).
    var limit = 0
    var depth = 0
    let maximumDepth: Int
    let maximumStackBytes: Int
    /// The longest operator, join or set-operation chain (each link deepens the tree by one).
    var maximumChain: Int { maximumDepth * 4 }
    var diagnostics: [Diagnostic] = []
    /// While parsing `position(a IN b)`'s first operand: `IN` is not an operator.
    var disallowIn = false
    /// While parsing an array slice: `:` separates bounds instead of starting a Snowflake path.
    var disallowColonPath = false
    let endToken: Token
    /// Stops recursion before the thread's stack runs out.
    let stackGuard: StackGuard

    init(lexed: LexedText, options: ParserOptions) {
        // Meta-commands end statements (SQLScript.boundaries), so they never appear inside one.
        let tokens = lexed.tokens
        self.tokens = tokens
        self.bytes = lexed.source.bytes
        self.maximumDepth = options.maximumDepth
        self.maximumStackBytes = options.maximumStackBytes
        self.stackGuard = StackGuard(budget: options.maximumStackBytes)
        self.endToken = tokens.last ?? Token(kind: .end, keyword: nil, start: 0, end: 0, line: 1, column: 1)
        self.limit = tokens.count - 1
        self.diagnostics = lexed.diagnostics
    }

    // MARK: - Entry points

    /// Parses a script into statements and diagnostics. Never throws and never traps.
    /// - Parameters:
    ///   - text: one or more SQL statements.
    ///   - options: parser settings.
    /// - Returns: the statements (unparseable ones as ``Statement/Kind/invalid(_:)``) and diagnostics.
    public static func parse(_ text: String, options: ParserOptions = .default) -> ParseResult {
        let lexed = Lexer.tokenize(text)
        if LargeStack.maximumNesting(lexed.tokens) > LargeStack.inlineNestingLimit {
            let deepOptions = ParserOptions(
                maximumDepth: options.maximumDepth,
                maximumStackBytes: Swift.max(options.maximumStackBytes, LargeStack.budget))
            return LargeStack.run { parse(lexed, options: deepOptions) }
        }
        return parse(lexed, options: options)
    }

    static func parse(_ lexed: LexedText, options: ParserOptions) -> ParseResult {
        var parser = Parser(lexed: lexed, options: options)
        let statements = parser.parseStatements()
        let sorted = parser.diagnostics.enumerated().sorted {
            ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset)
        }.map(\.element)
        return ParseResult(statements: statements, diagnostics: sorted)
    }

    /// Parses exactly one expression, such as a user-supplied `CHECK`, `DEFAULT` or backfill expression.
    /// - Parameter text: the expression, without a trailing semicolon.
    /// - Returns: the expression.
    /// - Throws: ``SQLError`` with code `sql.syntax`, `sql.trailing-input`, `sql.too-deep`, `sql.empty`, …
    public static func parseExpression(_ text: String, options: ParserOptions = .default) throws(SQLError) -> SQLExpression {
        try parseSingle(text, options: options, what: "an expression") { (parser: inout Parser) throws(ParseFailure) in
            try parser.parseExpression()
        }
    }

    /// Parses exactly one data type, such as `numeric(12,2)` or `timestamp with time zone[]`.
    /// - Parameter text: the type.
    /// - Returns: the type.
    /// - Throws: ``SQLError``.
    public static func parseType(_ text: String, options: ParserOptions = .default) throws(SQLError) -> TypeName {
        try parseSingle(text, options: options, what: "a type") { (parser: inout Parser) throws(ParseFailure) in
            try parser.parseType()
        }
    }

    /// Parses exactly one statement.
    /// - Parameter text: the statement, optionally followed by a semicolon.
    /// - Returns: the statement.
    /// - Throws: ``SQLError`` when it does not parse cleanly or there is more than one statement.
    public static func parseStatement(_ text: String, options: ParserOptions = .default) throws(SQLError) -> Statement {
        let result = parse(text, options: options)
        if let error = SQLError.first(in: result.diagnostics) { throw error }
        guard let first = result.statements.first else {
            throw .syntax(Diagnostic(code: .empty, message: "expected a statement, found nothing",
                                     range: .none, bytes: Array(text.utf8)))
        }
        if result.statements.count > 1 {
            let second = result.statements[1].range
            throw .syntax(Diagnostic(code: .trailingInput, message: "expected one statement, found more",
                                     range: second, bytes: Array(text.utf8)))
        }
        return first
    }

    static func parseSingle<T>(
        _ text: String, options: ParserOptions, what: String,
        _ body: (inout Parser) throws(ParseFailure) -> T
    ) throws(SQLError) -> T {
        let lexed = Lexer.tokenize(text)
        if let error = SQLError.first(in: lexed.diagnostics) { throw error }
        var options = options
        if LargeStack.maximumNesting(lexed.tokens) > LargeStack.inlineNestingLimit {
            // Deep single expressions are rare (user CHECK / DEFAULT text); refuse rather than spawn a thread.
            options.maximumDepth = Swift.min(options.maximumDepth, 4 * LargeStack.inlineNestingLimit)
        }
        var parser = Parser(lexed: lexed, options: options)
        if parser.current.kind == .end {
            throw .syntax(Diagnostic(code: .empty, message: "expected \(what), found nothing", expected: [what],
                                     range: parser.current.range, bytes: parser.bytes))
        }
        do throws(ParseFailure) {
            let value = try body(&parser)
            if parser.current.kind != .end {
                throw ParseFailure(diagnostic: parser.diagnostic(
                    .trailingInput, "expected the end of \(what), found \(parser.describe(parser.current))",
                    expected: ["end of input"], at: parser.current.range))
            }
            return value
        } catch {
            throw .syntax(error.diagnostic)
        }
    }

    // MARK: - Statements

    mutating func parseStatements() -> [Statement] {
        var statements: [Statement] = []
        for bounds in SQLScript.boundaries(tokens) {
            index = bounds.lowerBound
            limit = bounds.upperBound
            depth = 0
            disallowIn = false
            disallowColonPath = false
            let first = tokens[bounds.lowerBound]
            let last = tokens[bounds.upperBound - 1]
            let range = SourceRange(start: first.start, end: last.end, line: first.line, column: first.column)
            do {
                var statement = try parseStatement()
                if index < limit {
                    diagnostics.append(diagnostic(
                        .syntax, "unexpected \(describe(current)) after the end of the statement",
                        expected: ["end of statement"], at: current.range))
                }
                statement.range = range
                statements.append(statement)
            } catch {
                diagnostics.append(error.diagnostic)
                statements.append(Statement(.invalid(OtherStatement(kind: leadingWords(bounds))), range: range))
            }
        }
        return statements
    }

    /// Statement forms by leading key word (sqlglot's `STATEMENT_PARSERS`).
    enum StatementForm {
        case query, with, insert, update, delete, merge, create, alter, drop, truncate, comment, transaction
        case prepare, set, reset, maintenance, refresh, explain
    }

    static let statementForms: [Keyword: StatementForm] = [
        .select: .query, .values: .query, .table: .query, .with: .with,
        .insert: .insert, .update: .update, .delete: .delete, .merge: .merge,
        .create: .create, .alter: .alter, .drop: .drop, .truncate: .truncate, .comment: .comment,
        .begin: .transaction, .start: .transaction, .commit: .transaction, .end: .transaction,
        .rollback: .transaction, .abort: .transaction, .savepoint: .transaction, .release: .transaction,
        .prepare: .prepare, .set: .set, .reset: .reset,
        .vacuum: .maintenance, .analyze: .maintenance, .analyse: .maintenance, .reindex: .maintenance,
        .cluster: .maintenance, .refresh: .refresh, .explain: .explain,
    ]

    mutating func parseStatement(_ form: StatementForm) throws(ParseFailure) -> Statement.Kind {
        switch form {
        case .query: return .query(try parseQuery())
        case .with: return try parseWithStatement()
        case .insert: return .insert(try parseInsert(with: nil))
        case .update: return .update(try parseUpdate(with: nil))
        case .delete: return .delete(try parseDelete(with: nil))
        case .merge: return .merge(try parseMerge(with: nil))
        case .create: return try parseCreate()
        case .alter: return try parseAlter()
        case .drop: return try parseDrop()
        case .truncate: return try parseTruncate()
        case .comment: return try parseComment()
        case .transaction: return try parseTransaction()
        case .prepare: return try parsePrepare()
        case .set: return try parseSet()
        case .reset: return try parseReset()
        case .maintenance: return try parseMaintenance()
        case .refresh: return try parseRefresh()
        case .explain: return try parseExplain()
        }
    }

    /// Leading key words of statements Keel recognizes without modeling them.
    static let otherStatementKeywords: Set<String> = [
        "grant", "revoke", "copy", "do", "call", "lock", "listen", "notify", "unlisten", "discard", "execute",
        "deallocate", "show", "checkpoint", "load", "security", "import", "declare", "fetch", "move", "close",
        "reassign", "cursor", "use", "describe", "desc", "unset", "put", "get", "list", "remove", "undrop",
    ]

    mutating func parseStatement() throws(ParseFailure) -> Statement {
        let start = current
        if start.kind == .leftParen {
            return Statement(.query(try parseQuery()), range: start.range)
        }
        guard start.kind == .word else {
            throw failure(expected: ["a statement"])
        }
        if let keyword = start.keyword, let form = Self.statementForms[keyword] {
            return Statement(try parseStatement(form), range: start.range)
        }
        let word = lowerText(start)
        if Self.otherStatementKeywords.contains(word) {
            return Statement(parseOther(words: 1), range: start.range)
        }
        throw failure(expected: ["a statement"], found: "unknown statement \(describe(start))")
    }

    /// `WITH …` followed by SELECT, INSERT, UPDATE, DELETE or MERGE.
    mutating func parseWithStatement() throws(ParseFailure) -> Statement.Kind {
        let with = try parseWithClause()
        switch current.keyword {
        case .insert: return .insert(try parseInsert(with: with))
        case .update: return .update(try parseUpdate(with: with))
        case .delete: return .delete(try parseDelete(with: with))
        case .merge: return .merge(try parseMerge(with: with))
        default: return .query(try parseQuery(with: with, start: with.range))
        }
    }

    /// Consumes the rest of the statement as an unmodeled statement named by its first `words` words.
    mutating func parseOther(words: Int, object: ObjectName? = nil) -> Statement.Kind {
        var kindWords: [String] = []
        var i = index
        while kindWords.count < words, i < limit, tokens[i].kind == .word {
            kindWords.append(lowerText(tokens[i]).uppercased())
            i += 1
        }
        index = limit
        return .other(OtherStatement(kind: kindWords.joined(separator: " "), object: object))
    }

    func leadingWords(_ bounds: Range<Int>) -> String {
        var words: [String] = []
        var i = bounds.lowerBound
        while i < bounds.upperBound, words.count < 2, tokens[i].kind == .word {
            words.append(lowerText(tokens[i]).uppercased())
            i += 1
        }
        return words.isEmpty ? "UNKNOWN" : words.joined(separator: " ")
    }

    // MARK: - Token access

    /// The current token, or the end token once the statement is exhausted.
    var current: Token { index < limit ? tokens[index] : endOfStatement }

    var endOfStatement: Token {
        if limit < tokens.count {
            let token = tokens[limit]
            return Token(kind: .end, keyword: nil, start: token.start, end: token.end, line: token.line, column: token.column)
        }
        return endToken
    }

    func peek(_ offset: Int = 1) -> Token {
        let i = index + offset
        return i < limit ? tokens[i] : endOfStatement
    }

    var atEnd: Bool { index >= limit }

    mutating func advance() {
        if index < limit { index += 1 }
    }

    /// The previous token (the last one consumed).
    var previous: Token { index > 0 ? tokens[index - 1] : endToken }

    @inline(__always) func isKeyword(_ keyword: Keyword) -> Bool {
        index < limit && tokens[index].keyword == keyword
    }

    func isKeyword(_ keyword: Keyword, at offset: Int) -> Bool {
        peek(offset).keyword == keyword
    }

    mutating func accept(_ keyword: Keyword) -> Bool {
        if isKeyword(keyword) { index += 1; return true }
        return false
    }

    mutating func accept(_ first: Keyword, _ second: Keyword) -> Bool {
        if isKeyword(first), peek().keyword == second { index += 2; return true }
        return false
    }

    mutating func accept(_ first: Keyword, _ second: Keyword, _ third: Keyword) -> Bool {
        if isKeyword(first), peek().keyword == second, peek(2).keyword == third { index += 3; return true }
        return false
    }

    mutating func expect(_ keyword: Keyword) throws(ParseFailure) {
        guard accept(keyword) else { throw failure(expecting: keyword) }
    }

    @inline(never)
    func failure(expecting keyword: Keyword) -> ParseFailure {
        failure(expected: [keyword.rawValue.uppercased()])
    }

    @inline(__always) func isKind(_ kind: TokenKind) -> Bool { current.kind == kind }

    mutating func accept(_ kind: TokenKind) -> Bool {
        if index < limit, tokens[index].kind == kind { index += 1; return true }
        return false
    }

    mutating func expect(_ kind: TokenKind) throws(ParseFailure) {
        guard accept(kind) else { throw failure(expecting: kind) }
    }

    @inline(never)
    func failure(expecting kind: TokenKind) -> ParseFailure {
        failure(expected: [Self.describe(kind)])
    }

    /// Whether the current token is the operator `text`.
    func isOperator(_ text: StaticString) -> Bool {
        guard index < limit else { return false }
        return tokenEquals(tokens[index], text)
    }

    func tokenEquals(_ token: Token, _ text: StaticString) -> Bool {
        guard token.kind == .op, token.end - token.start == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { buffer in
            var i = 0
            while i < buffer.count {
                if bytes[token.start + i] != buffer[i] { return false }
                i += 1
            }
            return true
        }
    }

    mutating func acceptOperator(_ text: StaticString) -> Bool {
        if isOperator(text) { index += 1; return true }
        return false
    }

    mutating func expectOperator(_ text: StaticString) throws(ParseFailure) {
        guard acceptOperator(text) else { throw failure(expectingOperator: text) }
    }

    @inline(never)
    func failure(expectingOperator text: StaticString) -> ParseFailure {
        failure(expected: ["\"\(text)\""])
    }

    /// The exact source text of a token.
    func text(_ token: Token) -> String {
        String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    /// The source text between two byte offsets.
    func text(from start: Int, to end: Int) -> String {
        guard start < end, start >= 0, end <= bytes.count else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// A word's text, lower-cased (ASCII).
    func lowerText(_ token: Token) -> String {
        let bytes = self.bytes
        let start = token.start
        let count = token.end - token.start
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            for i in 0..<count {
                let c = bytes[start + i]
                buffer[i] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            }
            return count
        }
        return text
    }

    /// A range from `start` to the end of the last consumed token.
    func range(from start: Token) -> SourceRange {
        let end = index > 0 ? Swift.max(tokens[index - 1].end, start.start) : start.end
        return SourceRange(start: start.start, end: end, line: start.line, column: start.column)
    }

    func range(from start: SourceRange) -> SourceRange {
        let end = index > 0 ? Swift.max(tokens[index - 1].end, start.start) : start.end
        return SourceRange(start: start.start, end: end, line: start.line, column: start.column)
    }

    // MARK: - Depth

    @inline(__always)
    mutating func enter() throws(ParseFailure) {
        if depth >= maximumDepth || !stackGuard.hasRoom { throw tooDeep() }
        depth += 1
    }

    @inline(never)
    func tooDeep() -> ParseFailure {
        let used = Int(bitPattern: stackGuard.floor &+ UInt(maximumStackBytes) &- StackGuard.currentAddress())
        return ParseFailure(diagnostic: diagnostic(
            .nestingTooDeep, "nesting is too deep (\(depth) levels, \(used / 1024) KiB of stack)", at: current.range))
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Errors

    @inline(never)
    func diagnostic(_ code: Diagnostic.Code, _ message: String, expected: [String] = [], at range: SourceRange) -> Diagnostic {
        Diagnostic(code: code, message: message, expected: expected, range: range, bytes: bytes)
    }

    /// A failure at the current token: "expected X, found Y".
    @inline(never)
    func failure(expected: [String], found: String? = nil) -> ParseFailure {
        let token = current
        let foundText = found ?? describe(token)
        let expectedText: String
        switch expected.count {
        case 0: expectedText = ""
        case 1: expectedText = "expected \(expected[0]), "
        default: expectedText = "expected \(expected.dropLast().joined(separator: ", ")) or \(expected[expected.count - 1]), "
        }
        let code: Diagnostic.Code = token.kind == .template ? .template : .syntax
        return ParseFailure(diagnostic: diagnostic(code, expectedText + "found " + foundText, expected: expected, at: token.range))
    }

    @inline(never)
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: return "the end of the statement"
        case .word: return "\"\(text(token))\""
        case .template: return "an unrendered template"
        case .string, .escapeString, .unicodeString, .nationalString, .dollarString, .bitString, .hexString:
            return "a string"
        default:
            let shown = text(token)
            return shown.utf8.count > 40 ? "\"\(shown.prefix(40))…\"" : "\"\(shown)\""
        }
    }

    static func describe(_ kind: TokenKind) -> String {
        switch kind {
        case .leftParen: "\"(\""
        case .rightParen: "\")\""
        case .leftBracket: "\"[\""
        case .rightBracket: "\"]\""
        case .comma: "\",\""
        case .dot: "\".\""
        case .semicolon: "\";\""
        case .string: "a string"
        case .integer: "an integer"
        default: "\(kind)"
        }
    }

    // MARK: - Skipping

    /// Skips a balanced parenthesized group starting at the current `(`, returning its inner text.
    mutating func skipParenthesized() throws(ParseFailure) -> String {
        guard isKind(.leftParen) else { throw failure(expected: ["\"(\""]) }
        let open = current
        var level = 0
        while !atEnd {
            switch current.kind {
            case .leftParen: level += 1
            case .rightParen:
                level -= 1
                if level == 0 {
                    let inner = text(from: open.end, to: current.start)
                    advance()
                    return inner
                }
            default: break
            }
            advance()
        }
        throw failure(expected: ["\")\""])
    }

    /// Skips tokens up to (not including) a top-level `,`, `)`, `AS` or the end, for list-item recovery
    /// (stopping at `AS` keeps a select item's alias).
    mutating func skipToListBoundary() {
        var level = 0
        while !atEnd {
            switch current.kind {
            case .leftParen, .leftBracket: level += 1
            case .rightParen, .rightBracket:
                if level == 0 { return }
                level -= 1
            case .comma where level == 0: return
            case .word where level == 0 && current.keyword == .as: return
            default: break
            }
            advance()
        }
    }
}
