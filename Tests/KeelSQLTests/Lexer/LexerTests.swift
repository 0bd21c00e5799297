import KeelSQL
import Testing

@Suite("Lexer")
struct LexerTests {
    func kinds(_ sql: String) -> [TokenKind] {
        Lexer.tokenize(sql).tokens.map(\.kind).dropLast().map { $0 }
    }

    func texts(_ sql: String) -> [String] {
        let lexed = Lexer.tokenize(sql)
        return lexed.tokens.dropLast().map { lexed.text(of: $0) }
    }

    @Test("a token's name is folded as PostgreSQL folds it: unquoted to lower case, quoted as written, \"\" as one quote")
    func names() {
        let lexed = Lexer.tokenize(#"Invoices "Mixed Case" "say ""hi""" 42 ."#)
        #expect(lexed.tokens.dropLast().map { lexed.name(of: $0) } == ["invoices", "Mixed Case", #"say "hi""#, nil, nil])
    }

    @Test("words, key words and case-insensitive key word lookup")
    func words() {
        let lexed = Lexer.tokenize("SELECT sElEcT foo_1$ _x")
        #expect(lexed.tokens.map(\.kind) == [.word, .word, .word, .word, .end])
        #expect(lexed.tokens[0].keyword == .select)
        #expect(lexed.tokens[1].keyword == .select)
        #expect(lexed.tokens[2].keyword == nil)
        #expect(lexed.text(of: lexed.tokens[2]) == "foo_1$")
    }

    @Test("numbers: integers, decimals, exponents, leading dot")
    func numbers() {
        #expect(kinds("42 1.5 .5 1e10 1.5E-3 5.") == [.integer, .decimal, .decimal, .decimal, .decimal, .decimal])
        #expect(texts("1e10 .5 1_000") == ["1e10", ".5", "1_000"])
        #expect(kinds("0x1F") == [.integer])
        // `1..2` is not a decimal followed by junk.
        #expect(texts("a[1:2]") == ["a", "[", "1", ":", "2", "]"])
    }

    @Test("strings: standard, escape, unicode, bit, hex, national")
    func strings() {
        #expect(kinds("'a''b' E'x\\'y' U&'d\\0061' B'0101' X'1F' N'n'") == [
            .string, .escapeString, .unicodeString, .bitString, .hexString, .nationalString,
        ])
        #expect(texts("E'it\\'s' 'x'") == ["E'it\\'s'", "'x'"])
        // `e` alone is a word.
        #expect(kinds("e 'x'") == [.word, .string])
    }

    @Test("dollar quoting with and without tags, nested other tags")
    func dollarQuotes() {
        let sql = "$$a;b$$ $fn$ body $x$ inner $x$ ; $fn$"
        #expect(kinds(sql) == [.dollarString, .dollarString])
        #expect(texts(sql)[1] == "$fn$ body $x$ inner $x$ ; $fn$")
    }

    @Test("positional parameters")
    func parameters() {
        #expect(kinds("$1 $23") == [.parameter, .parameter])
    }

    @Test("quoted identifiers with doubled quotes, unicode and backticks")
    func quotedIdentifiers() {
        #expect(kinds("\"a\"\"b\" U&\"d\\0061t\" `proj.ds.t`") == [.quotedIdentifier, .unicodeQuotedIdentifier, .backtickIdentifier])
    }

    @Test("comments are skipped, block comments nest")
    func comments() {
        #expect(texts("a -- comment\n b /* x /* nested */ still */ c") == ["a", "b", "c"])
        #expect(texts("a/*x*/b") == ["a", "b"])
    }

    @Test("multi-character operators", arguments: [
        "->>", "#>>", "@>", "<@", "||", "!=", "<>", "~*", "!~", "!~*", "->", "#>", "&&", "<<", ">=", "<=", "?|", "?&", "@@", "-|-", "|/", "||/",
    ])
    func operators(op: String) {
        let lexed = Lexer.tokenize("a \(op) b")
        #expect(lexed.tokens.count == 4)
        #expect(lexed.text(of: lexed.tokens[1]) == op)
        #expect(lexed.tokens[1].kind == .op)
    }

    @Test("an operator stops before a comment and does not end in + or -")
    func operatorRules() {
        #expect(texts("a=-1") == ["a", "=", "-", "1"])
        #expect(texts("a--b\n") == ["a"])
        #expect(texts("a@-1") == ["a", "@-", "1"])
        #expect(texts("a*/*c*/b") == ["a", "*", "b"])
    }

    @Test("casts, colons and named-argument arrows")
    func punctuation() {
        #expect(kinds("a::int x := 1 f(a => 1) v:k") == [
            .word, .doubleColon, .word, .word, .colonEquals, .integer, .word, .leftParen, .word, .op, .integer, .rightParen,
            .word, .colon, .word,
        ])
    }

    @Test("line and column of tokens count Unicode scalars")
    func positions() {
        let lexed = Lexer.tokenize("SELECT\n  'é', b")
        let b = lexed.tokens[3]
        #expect(b.line == 2)
        #expect(b.column == 8)
        #expect(lexed.tokens[1].line == 2)
        #expect(lexed.tokens[1].column == 3)
        #expect(b.start == "SELECT\n  'é', ".utf8.count)
    }

    @Test("positions after a multi-line string")
    func positionsAfterMultiLineToken() {
        let lexed = Lexer.tokenize("'a\nb' x")
        #expect(lexed.tokens[0].line == 1)
        #expect(lexed.tokens[1].line == 2)
        #expect(lexed.tokens[1].column == 4)
    }

    @Test("unterminated string, quoted identifier, comment and dollar quote report a diagnostic")
    func unterminated() {
        for sql in ["'abc", "\"abc", "/* abc", "$$ abc", "E'abc\\'"] {
            let lexed = Lexer.tokenize(sql)
            #expect(lexed.diagnostics.first?.code == .unterminated, "\(sql)")
            #expect(lexed.tokens.last?.kind == .end)
        }
    }

    @Test("unexpected characters become invalid tokens with a diagnostic")
    func unexpectedCharacters() {
        let lexed = Lexer.tokenize("SELECT € FROM t")
        #expect(lexed.tokens.count > 3)
        let lexed2 = Lexer.tokenize("a $ b")
        #expect(lexed2.diagnostics.first?.code == .unexpectedCharacter)
    }

    @Test("Jinja left-overs are tolerated with a warning")
    func templates() {
        let lexed = Lexer.tokenize("select * from {{ ref('x') }} {% if y %} where 1 {# note #}")
        #expect(lexed.tokens.contains { $0.kind == .template })
        #expect(lexed.diagnostics.count == 3)
        #expect(lexed.diagnostics.allSatisfy { $0.code == .template && $0.severity == .warning })
    }

    @Test("psql meta-commands are single tokens")
    func metaCommands() {
        let lexed = Lexer.tokenize("\\connect db\nSELECT 1;\n\\restrict abc123\n")
        #expect(lexed.tokens.map(\.kind) == [.metaCommand, .word, .integer, .semicolon, .metaCommand, .end])
    }

    @Test("COPY … FROM stdin data is skipped up to \\.")
    func copyData() {
        let sql = """
        COPY public.t (a, b) FROM stdin;
        1\tit's -- not a comment
        2\t$$ not a dollar quote
        \\.
        SELECT 1;
        """
        let lexed = Lexer.tokenize(sql)
        let words = lexed.tokens.filter { $0.kind == .word }.map { lexed.text(of: $0) }
        #expect(words == ["COPY", "public", "t", "a", "b", "FROM", "stdin", "SELECT"])
        #expect(lexed.diagnostics.isEmpty)
        let select = lexed.tokens.first { lexed.text(of: $0) == "SELECT" }
        #expect(select?.line == 5)
    }

    @Test("COPY … TO stdout has no data to skip")
    func copyTo() {
        let lexed = Lexer.tokenize("COPY t TO stdout;\nSELECT 1;")
        #expect(lexed.tokens.contains { lexed.text(of: $0) == "SELECT" })
    }

    @Test("lexing hostile input never traps", arguments: [
        "", "'", "\"", "$", "$$", "$a", "/*", "--", "E'\\", "U&'", "`", "{{", "{%", "\\", "::", "0x", "1e", "1e+", ".", "\u{0}", "é",
    ])
    func hostile(sql: String) {
        let lexed = Lexer.tokenize(sql)
        #expect(lexed.tokens.last?.kind == .end)
    }
}
