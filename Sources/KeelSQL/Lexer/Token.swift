/// The kind of a lexical token.
public enum TokenKind: UInt8, Hashable, Sendable {
    /// An unquoted word: a keyword or an identifier (see ``Token/keyword``).
    case word
    /// `"name"`, with `""` standing for one quote.
    case quotedIdentifier
    /// `U&"name"` with Unicode escapes.
    case unicodeQuotedIdentifier
    /// `` `name` `` (BigQuery, MySQL), tolerated.
    case backtickIdentifier
    /// `'text'`, with `''` standing for one quote.
    case string
    /// `E'text'`, with backslash escapes.
    case escapeString
    /// `U&'text'`, with Unicode escapes.
    case unicodeString
    /// `N'text'`.
    case nationalString
    /// `$tag$text$tag$`.
    case dollarString
    /// `B'0101'`.
    case bitString
    /// `X'1F'`.
    case hexString
    /// An integer such as `42`.
    case integer
    /// A decimal or exponent number such as `1.5`, `.5` or `1e10`.
    case decimal
    /// A positional parameter such as `$1`.
    case parameter
    /// A psql variable such as `:name`, `:'name'` or `:"name"`, tolerated.
    case variable
    /// An operator such as `+`, `->>`, `@>` or `||` (see the source text for which one).
    case op
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, semicolon, dot
    /// `:` (array slices, Snowflake path access).
    case colon
    /// `::`
    case doubleColon
    /// `:=`
    case colonEquals
    /// An unrendered Jinja template: `{{ … }}`, `{% … %}` or `{# … #}`.
    case template
    /// A psql meta-command line such as `\connect db`, ignored by the parser.
    case metaCommand
    /// Bytes that could not be lexed (a diagnostic was emitted).
    case invalid
    /// The end of the input.
    case end
}

/// One lexical token. Positions are UTF-8 byte offsets into the lexed text.
public struct Token: Hashable, Sendable {
    /// What kind of token this is.
    public var kind: TokenKind
    /// For ``TokenKind/word`` tokens that spell a known key word, which one (case-insensitive).
    public var keyword: Keyword?
    /// Byte offset of the first byte.
    public var start: Int
    /// Byte offset just past the last byte.
    public var end: Int
    /// 1-based line of `start`.
    public var line: Int
    /// 1-based column of `start`, in Unicode scalars.
    public var column: Int

    /// The token's source range.
    public var range: SourceRange { SourceRange(start: start, end: end, line: line, column: column) }
}
