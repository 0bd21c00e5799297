/// Operator precedence, lowest first (PostgreSQL's table, "Operator Precedence").
enum Precedence {
    static let or = 1
    static let and = 2
    static let not = 3
    static let `is` = 4
    static let comparison = 5
    static let like = 6
    static let other = 7
    static let additive = 8
    static let multiplicative = 9
    static let exponent = 10
    static let at = 11
    static let collate = 12
    static let unary = 13
}

extension Parser {
    /// An infix construct found at the current token.
    enum Infix {
        case keywordOperator(String)       // AND, OR
        case symbol(String)                 // + - = ->> …
        case isTest
        case postfixNull(String)            // ISNULL, NOTNULL
        case like(Like.Operator, negated: Bool)
        case inList(negated: Bool)
        case between(negated: Bool)
        case atTimeZone
        case collate
        case operatorSyntax                 // OPERATOR(schema.op)
    }

    // MARK: - Entry

    /// Parses a full expression.
    @inline(never)
    mutating func parseExpression() throws(ParseFailure) -> SQLExpression {
        try enter()
        defer { leave() }
        return try parseBinary(minPrecedence: Precedence.or)
    }

    /// Parses an expression, recovering at the next top-level `,` or `)` on failure.
    @inline(never)
    mutating func parseExpressionRecovering() throws(ParseFailure) -> SQLExpression {
        let start = index
        do {
            return try parseExpression()
        } catch {
            return try recover(from: error, start: start)
        }
    }

    /// Records `error`, skips to the end of the list item, and stands in an invalid expression.
    @inline(never)
    mutating func recover(from error: ParseFailure, start: Int) throws(ParseFailure) -> SQLExpression {
            if error.diagnostic.code == .nestingTooDeep { throw error }
            diagnostics.append(error.diagnostic)
            // Skip from the item's start, not from the failure, so that parentheses opened before the
            // failure (`f(a, b +)`, `x ILIKE ANY ('a', )`) are balanced and the list goes on after the item.
            index = start
            skipToListBoundary()
            if index == start, !atEnd, !isKind(.comma), !isKind(.rightParen) { advance() }
            let first = start < limit ? tokens[start] : current
            let endOffset = index > start ? tokens[index - 1].end : first.start
            let range = SourceRange(start: first.start, end: endOffset, line: first.line, column: first.column)
            return SQLExpression(.invalid(text(from: first.start, to: endOffset)), range: range)
    }

    @inline(never)
    mutating func parseBinary(minPrecedence: Int) throws(ParseFailure) -> SQLExpression {
        var left = try parsePrefix()
        var links = 0
        while let (precedence, infix) = currentInfix(), precedence >= minPrecedence {
            // A chain `a + b + c …` builds a left-deep tree; bound its depth like nesting.
            links += 1
            if links > maximumChain { throw tooDeep() }
            left = try parseInfix(left, precedence: precedence, infix: infix)
        }
        return left
    }

    func currentInfix() -> (Int, Infix)? {
        guard index < limit else { return nil }
        let token = tokens[index]
        switch token.kind {
        case .op:
            let op = text(token)
            switch op {
            case "=", "<", ">", "<=", ">=", "<>", "!=": return (Precedence.comparison, .symbol(op))
            case "+", "-": return (Precedence.additive, .symbol(op))
            case "*", "/", "%": return (Precedence.multiplicative, .symbol(op))
            case "^": return (Precedence.exponent, .symbol(op))
            case "=>": return nil
            default: return (Precedence.other, .symbol(op))
            }
        case .word:
            guard let keyword = token.keyword else { return nil }
            switch keyword {
            case .or: return (Precedence.or, .keywordOperator("OR"))
            case .and: return (Precedence.and, .keywordOperator("AND"))
            case .is: return (Precedence.is, .isTest)
            case .isnull: return (Precedence.is, .postfixNull("ISNULL"))
            case .notnull: return (Precedence.is, .postfixNull("NOTNULL"))
            case .like: return (Precedence.like, .like(.like, negated: false))
            case .ilike: return (Precedence.like, .like(.ilike, negated: false))
            case .similar where peek().keyword == .to: return (Precedence.like, .like(.similarTo, negated: false))
            case .in where !disallowIn: return (Precedence.like, .inList(negated: false))
            case .between: return (Precedence.like, .between(negated: false))
            case .not:
                switch peek().keyword {
                case .like: return (Precedence.like, .like(.like, negated: true))
                case .ilike: return (Precedence.like, .like(.ilike, negated: true))
                case .similar: return (Precedence.like, .like(.similarTo, negated: true))
                case .in: return (Precedence.like, .inList(negated: true))
                case .between: return (Precedence.like, .between(negated: true))
                default: return nil
                }
            case .at:
                let next = peek()
                if next.keyword == .time || next.keyword == .local { return (Precedence.at, .atTimeZone) }
                return nil
            case .collate: return (Precedence.collate, .collate)
            case .operator where peek().kind == .leftParen: return (Precedence.other, .operatorSyntax)
            default: return nil
            }
        default:
            return nil
        }
    }

    @inline(never)
    mutating func parseInfix(_ left: SQLExpression, precedence: Int, infix: Infix) throws(ParseFailure) -> SQLExpression {
        switch infix {
        case .keywordOperator(let op):
            advance()
            let right = try parseBinary(minPrecedence: precedence + 1)
            return SQLExpression(.binary(op: op, left: left, right: right), range: range(from: left.range))
        case .symbol(let op):
            advance()
            if currentQuantifier() != nil { return try parseQuantifiedInfix(left, op: op) }
            let right = try parseBinary(minPrecedence: precedence + 1)
            return SQLExpression(.binary(op: op == "!=" ? "<>" : op, left: left, right: right), range: range(from: left.range))
        case .operatorSyntax: return try parseOperatorSyntax(left, precedence: precedence)
        case .isTest: return try parseIsTest(left)
        case .postfixNull(let test):
            advance()
            return SQLExpression(.isTest(left, test: test), range: range(from: left.range))
        case .like(let op, let negated): return try parseLikeInfix(left, op: op, negated: negated)
        case .inList(let negated): return try parseInInfix(left, negated: negated)
        case .between(let negated): return try parseBetweenInfix(left, negated: negated)
        case .atTimeZone: return try parseAtTimeZone(left)
        case .collate:
            advance()
            let collation = try parseObjectName(allowReserved: true)
            return SQLExpression(.collate(left, collation: collation), range: range(from: left.range))
        }
    }

    @inline(never)
    mutating func parseQuantifiedInfix(_ left: SQLExpression, op: String) throws(ParseFailure) -> SQLExpression {
        guard let quantifier = currentQuantifier() else { throw failure(expected: ["ANY", "ALL"]) }
        return try parseQuantified(left, op: op, quantifier: quantifier)
    }

    @inline(never)
    mutating func parseOperatorSyntax(_ left: SQLExpression, precedence: Int) throws(ParseFailure) -> SQLExpression {
        let start = left.range
        advance()
        let inner = try skipParenthesized()
        let op = "OPERATOR(" + inner.filter { !$0.isWhitespace } + ")"
        if let quantifier = currentQuantifier() {
            return try parseQuantified(left, op: op, quantifier: quantifier)
        }
        let right = try parseBinary(minPrecedence: precedence + 1)
        return SQLExpression(.binary(op: op, left: left, right: right), range: range(from: start))
    }

    @inline(never)
    mutating func parseIsTest(_ left: SQLExpression) throws(ParseFailure) -> SQLExpression {
        let start = left.range
        advance()
        let negated = accept(.not)
        let prefix = negated ? "NOT " : ""
        if accept(.null) { return SQLExpression(.isTest(left, test: prefix + "NULL"), range: range(from: start)) }
        if accept(.true) { return SQLExpression(.isTest(left, test: prefix + "TRUE"), range: range(from: start)) }
        if accept(.false) { return SQLExpression(.isTest(left, test: prefix + "FALSE"), range: range(from: start)) }
        if accept(.unknown) { return SQLExpression(.isTest(left, test: prefix + "UNKNOWN"), range: range(from: start)) }
        if accept(.document) { return SQLExpression(.isTest(left, test: prefix + "DOCUMENT"), range: range(from: start)) }
        if accept(.normalized) { return SQLExpression(.isTest(left, test: prefix + "NORMALIZED"), range: range(from: start)) }
        if let form = current.keyword, [.nfc, .nfd, .nfkc, .nfkd].contains(form), peek().keyword == .normalized {
            advance(); advance()
            return SQLExpression(.isTest(left, test: prefix + form.rawValue.uppercased() + " NORMALIZED"), range: range(from: start))
        }
        if accept(.distinct) {
            try expect(.from)
            let right = try parseBinary(minPrecedence: Precedence.is + 1)
            let op = negated ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM"
            return SQLExpression(.binary(op: op, left: left, right: right), range: range(from: start))
        }
        if current.kind == .word, lowerText(current) == "json" {
            advance()
            var test = prefix + "JSON"
            if let kind = current.keyword, kind == .value || kind == .array || kind == .object {
                advance()
                test += " " + kind.rawValue.uppercased()
            } else if current.kind == .word, lowerText(current) == "scalar" {
                advance()
                test += " SCALAR"
            }
            return SQLExpression(.isTest(left, test: test), range: range(from: start))
        }
        throw failure(expected: ["NULL", "TRUE", "FALSE", "UNKNOWN", "DISTINCT FROM"])
    }

    @inline(never)
    mutating func parseLikeInfix(_ left: SQLExpression, op: Like.Operator, negated: Bool) throws(ParseFailure) -> SQLExpression {
        let start = left.range
        if negated { advance() }
        advance()
        if op == .similarTo { try expect(.to) }
        if let quantifier = currentQuantifier() {
            let opText = (negated ? "NOT " : "") + op.rawValue
            return try parseQuantified(left, op: opText, quantifier: quantifier)
        }
        let pattern = try parseBinary(minPrecedence: Precedence.like + 1)
        var escape: SQLExpression?
        if accept(.escape) { escape = try parseBinary(minPrecedence: Precedence.like + 1) }
        let like = Like(value: left, op: op, negated: negated, pattern: pattern, escape: escape)
        return SQLExpression(.like(like), range: range(from: start))
    }

    @inline(never)
    mutating func parseInInfix(_ left: SQLExpression, negated: Bool) throws(ParseFailure) -> SQLExpression {
        let start = left.range
        if negated { advance() }
        advance()
        guard isKind(.leftParen) else {
            // `x IN UNNEST(arr)` (BigQuery) and friends: treat the operand as a list of one.
            let operand = try parseBinary(minPrecedence: Precedence.like + 1)
            return SQLExpression(.inList(left, list: [operand], negated: negated), range: range(from: start))
        }
        try enter()
        defer { leave() }
        if startsQuery(at: index + 1) {
            advance()
            let query = try parseQuery()
            try expect(.rightParen)
            return SQLExpression(.inSubquery(left, query: query, negated: negated), range: range(from: start))
        }
        advance()
        var list: [SQLExpression] = []
        if !isKind(.rightParen) {
            repeat { list.append(try parseExpression()) } while accept(.comma)
        }
        try expect(.rightParen)
        return SQLExpression(.inList(left, list: list, negated: negated), range: range(from: start))
    }

    @inline(never)
    mutating func parseBetweenInfix(_ left: SQLExpression, negated: Bool) throws(ParseFailure) -> SQLExpression {
        let start = left.range
        if negated { advance() }
        advance()
        let symmetric = accept(.symmetric)
        if !symmetric { _ = accept(.asymmetric) }
        let low = try parseBinary(minPrecedence: Precedence.like + 1)
        try expect(.and)
        let high = try parseBinary(minPrecedence: Precedence.like + 1)
        let between = Between(value: left, negated: negated, symmetric: symmetric, low: low, high: high)
        return SQLExpression(.between(between), range: range(from: start))
    }

    @inline(never)
    mutating func parseAtTimeZone(_ left: SQLExpression) throws(ParseFailure) -> SQLExpression {
        let start = left.range
        advance()
        if accept(.local) { return SQLExpression(.atTimeZone(left, zone: nil), range: range(from: start)) }
        try expect(.time)
        try expect(.zone)
        let zone = try parseBinary(minPrecedence: Precedence.at + 1)
        return SQLExpression(.atTimeZone(left, zone: zone), range: range(from: start))
    }

    func currentQuantifier() -> Quantified.Quantifier? {
        guard peek().kind == .leftParen else { return nil }
        switch current.keyword {
        case .any: return .any
        case .someQuantifier: return .some
        case .all: return .all
        default: return nil
        }
    }

    @inline(never)
    mutating func parseQuantified(_ left: SQLExpression, op: String, quantifier: Quantified.Quantifier) throws(ParseFailure) -> SQLExpression {
        advance()
        let source: Quantified.Source
        if startsQuery(at: index + 1) {
            advance()
            source = .subquery(try parseQuery())
            try expect(.rightParen)
        } else {
            advance()
            let first = try parseExpression()
            if isKind(.comma) {
                // Snowflake `x LIKE ANY ('a%', 'b%')`: a list, kept as the array PostgreSQL would need.
                let listStart = first.range
                var items = [first]
                while accept(.comma) { items.append(try parseExpression()) }
                let array = SQLExpression(.array(.elements(items, elementType: nil)), range: range(from: listStart))
                source = .array(array)
            } else {
                source = .array(first)
            }
            try expect(.rightParen)
        }
        let quantified = Quantified(left: left, op: op == "!=" ? "<>" : op, quantifier: quantifier, source: source)
        return SQLExpression(.quantified(quantified), range: range(from: left.range))
    }

    /// Whether a query (SELECT, WITH, VALUES, TABLE, or a parenthesized one) starts at token `i`.
    func startsQuery(at i: Int) -> Bool {
        var j = i
        while j < limit, tokens[j].kind == .leftParen { j += 1 }
        guard j < limit else { return false }
        switch tokens[j].keyword {
        case .select, .with: return true
        case .values: return j + 1 < limit && tokens[j + 1].kind == .leftParen
        case .table: return j + 1 < limit && isName(tokens[j + 1])
        default: return false
        }
    }

    // MARK: - Prefix

    @inline(never)
    mutating func parsePrefix() throws(ParseFailure) -> SQLExpression {
        let start = current
        switch start.kind {
        case .op:
            if !tokenEquals(start, "*") { return try parseUnary(start) }
        case .word where start.keyword == .not:
            try enter()
            defer { leave() }
            advance()
            let operand = try parseBinary(minPrecedence: Precedence.not)
            return SQLExpression(.unary(op: "NOT", operand: operand), range: range(from: start))
        default:
            break
        }
        let primary = try parsePrimary()
        return try parsePostfix(primary)
    }

    @inline(never)
    mutating func parseUnary(_ start: Token) throws(ParseFailure) -> SQLExpression {
        try enter()
        defer { leave() }
        let op = text(start)
        advance()
        let operand = try parseBinary(minPrecedence: op == "-" || op == "+" ? Precedence.unary + 1 : Precedence.other + 1)
        return SQLExpression(.unary(op: op, operand: operand), range: range(from: start))
    }

    /// `::type`, `[i]`, `[a:b]`, `.field`, `.*` and Snowflake `:path` after a primary.
    mutating func parsePostfix(_ base: SQLExpression) throws(ParseFailure) -> SQLExpression {
        guard index < limit else { return base }
        switch tokens[index].kind {
        case .doubleColon, .leftBracket, .dot, .colon: return try parsePostfixChain(base)
        default: return base
        }
    }

    @inline(never)
    mutating func parsePostfixChain(_ base: SQLExpression) throws(ParseFailure) -> SQLExpression {
        var expression = base
        var path: [Accessor] = []
        func flush() {
            if !path.isEmpty {
                expression = SQLExpression(.access(expression, path: path), range: range(from: expression.range))
                path = []
            }
        }
        while index < limit {
            let token = tokens[index]
            switch token.kind {
            case .doubleColon:
                advance()
                flush()
                let type = try parseType()
                expression = SQLExpression(.cast(Cast(value: expression, type: type, syntax: .doubleColon)), range: range(from: expression.range))
            case .leftBracket:
                advance()
                let savedColon = disallowColonPath
                disallowColonPath = true
                defer { disallowColonPath = savedColon }
                var lower: SQLExpression?
                if !isKind(.colon) { lower = try parseExpression() }
                if accept(.colon) {
                    var upper: SQLExpression?
                    if !isKind(.rightBracket) { upper = try parseExpression() }
                    path.append(.slice(lower: lower, upper: upper))
                } else if let lower {
                    path.append(.index(lower))
                } else {
                    throw failure(expected: ["an expression"])
                }
                try expect(.rightBracket)
            case .dot:
                let next = peek()
                if next.kind == .op, tokenEquals(next, "*") {
                    advance(); advance()
                    path.append(.allFields)
                } else if isName(next, allowReserved: true) {
                    advance()
                    path.append(.field(try parseName(allowReserved: true)))
                } else {
                    return finish(&expression, &path)
                }
            case .colon where !disallowColonPath:
                let next = peek()
                guard isName(next, allowReserved: true) || next.kind == .string else { return finish(&expression, &path) }
                advance()
                if next.kind == .string {
                    advance()
                    path.append(.path(Name(stringValue(next), quoted: true, range: next.range)))
                } else {
                    // Snowflake paths keep their case: `v:Name` reads key "Name".
                    advance()
                    var key = name(of: next)
                    if next.kind == .word { key = Name(text(next), quoted: false, range: next.range) }
                    path.append(.path(key))
                }
            default:
                return finish(&expression, &path)
            }
        }
        return finish(&expression, &path)
    }

    private func finish(_ expression: inout SQLExpression, _ path: inout [Accessor]) -> SQLExpression {
        if !path.isEmpty {
            expression = SQLExpression(.access(expression, path: path), range: range(from: expression.range))
        }
        return expression
    }

    // MARK: - Primary

    @inline(never)
    mutating func parsePrimary() throws(ParseFailure) -> SQLExpression {
        let start = current
        switch start.kind {
        case .integer, .decimal:
            return parseNumberPrimary(start)
        case .string, .escapeString, .unicodeString, .nationalString, .dollarString, .bitString, .hexString:
            return parseStringPrimary(start)
        case .parameter, .colon:
            return try parseParameterPrimary(start)
        case .leftParen:
            return try parseParenthesized()
        case .leftBracket, .template, .op:
            return try parseOtherPrimary(start)
        case .word:
            if let keyword = start.keyword, let form = Self.primaryForms[keyword],
               let expression = try parsePrimary(form) {
                return expression
            }
            if let keyword = start.keyword, Keyword.reserved.contains(keyword) {
                try checkReservedAsFunction(keyword)
            }
            return try parseNameExpression()
        case .quotedIdentifier, .unicodeQuotedIdentifier, .backtickIdentifier:
            return try parseNameExpression()
        default:
            throw failure(expected: ["an expression"])
        }
    }

    @inline(never)
    mutating func parseNumberPrimary(_ start: Token) -> SQLExpression {
        advance()
        var digits = [UInt8]()
        digits.reserveCapacity(start.end - start.start)
        for i in start.start..<start.end where bytes[i] != UInt8(ascii: "_") { digits.append(bytes[i]) }
        return SQLExpression(.literal(.number(String(decoding: digits, as: UTF8.self))), range: start.range)
    }

    /// `$1`, or a psql variable `:name`, `:'name'`, `:"name"`.
    @inline(never)
    mutating func parseParameterPrimary(_ start: Token) throws(ParseFailure) -> SQLExpression {
        if start.kind == .parameter {
            advance()
            let number = Int(text(from: start.start + 1, to: start.end)) ?? 0
            return SQLExpression(.parameter(.positional(number)), range: start.range)
        }
        let next = peek()
        if next.kind == .word || next.kind == .string || next.kind == .quotedIdentifier {
            advance(); advance()
            return SQLExpression(.parameter(.variable(text(next))), range: range(from: start))
        }
        throw failure(expected: ["an expression"])
    }

    @inline(never)
    mutating func parseStringPrimary(_ start: Token) -> SQLExpression {
        advance()
        var literal = stringLiteral(start)
        // PostgreSQL joins string constants separated only by whitespace with a newline: 'a'\n'b' is 'ab'.
        while case .string(let value, let style) = literal, style == .standard || style == .escape,
              index < limit, tokens[index].kind == .string || tokens[index].kind == .escapeString,
              bytes[previous.end..<tokens[index].start].contains(0x0A) {
            guard case .string(let next, _) = stringLiteral(tokens[index]) else { break }
            literal = .string(value + next, style: style)
            advance()
        }
        return SQLExpression(.literal(literal), range: range(from: start))
    }

    /// `[a, b]` or a template.
    @inline(never)
    mutating func parseOtherPrimary(_ start: Token) throws(ParseFailure) -> SQLExpression {
        switch start.kind {
        case .leftBracket:
            advance()
            let elements = try parseArrayElements(closing: .rightBracket)
            return SQLExpression(.array(.elements(elements, elementType: nil)), range: range(from: start))
        case .template:
            advance()
            return SQLExpression(.template(text(start)), range: start.range)
        default:
            throw failure(expected: ["an expression"])
        }
    }

    /// `(expr)`, `(a, b)`, `(SELECT …)`.
    @inline(never)
    mutating func parseParenthesized() throws(ParseFailure) -> SQLExpression {
        let start = current
        try enter()
        defer { leave() }
        let savedIn = disallowIn
        let savedColon = disallowColonPath
        disallowIn = false
        disallowColonPath = false
        defer {
            disallowIn = savedIn
            disallowColonPath = savedColon
        }
        if startsQuery(at: index + 1), let subquery = try parseParenthesizedQuery(start) {
            return subquery
        }
        advance()
        let first = try parseExpression()
        if isKind(.comma) { return try parseRowTail(first, start: start) }
        try expect(.rightParen)
        return SQLExpression(.nested(first), range: range(from: start))
    }

    /// `(SELECT …)`; `nil` when it turns out to be `((SELECT 1) + 1)`.
    @inline(never)
    mutating func parseParenthesizedQuery(_ start: Token) throws(ParseFailure) -> SQLExpression? {
        let saved = index
        let savedDiagnostics = diagnostics.count
        do throws(ParseFailure) {
            advance()
            let query = try parseQuery()
            try expect(.rightParen)
            return SQLExpression(.subquery(query), range: range(from: start))
        } catch {
            let nestedStart = saved + 1 < limit && tokens[saved + 1].kind == .leftParen
            if !nestedStart || error.diagnostic.code == .nestingTooDeep { throw error }
            index = saved
            diagnostics.removeSubrange(savedDiagnostics...)
            return nil
        }
    }

    @inline(never)
    mutating func parseRowTail(_ first: SQLExpression, start: Token) throws(ParseFailure) -> SQLExpression {
        var items = [first]
        while accept(.comma) { items.append(try parseExpression()) }
        try expect(.rightParen)
        return SQLExpression(.row(items, explicit: false), range: range(from: start))
    }

    @inline(never)
    func checkReservedAsFunction(_ keyword: Keyword) throws(ParseFailure) {
        let allowedAsFunction = Self.typeFunctionNameKeywords.contains(keyword) && peek().kind == .leftParen
        if !allowedAsFunction { throw failure(expected: ["an expression"]) }
    }

    /// A name, qualified name, `t.*`, function call or typed literal.
    @inline(never)
    mutating func parseNameExpression() throws(ParseFailure) -> SQLExpression {
        let start = current
        var parts = try parseNameParts(allowReserved: true)
        while isKind(.dot) {
            let next = peek()
            if next.kind == .op, tokenEquals(next, "*") {
                return try parseQualifiedStar(parts, start: start)
            }
            guard isName(next, allowReserved: true) else { break }
            advance()
            parts.append(contentsOf: try parseNameParts(allowReserved: true))
        }
        let objectName = ObjectName(parts, range: range(from: start))
        if isKind(.leftParen) {
            return try parseFunctionCall(name: objectName, start: start.range)
        }
        if isStringToken(current), start.kind == .word || parts.count > 1 {
            return typedLiteral(objectName, start: start)
        }
        return SQLExpression(.column(ColumnRef(parts)), range: range(from: start))
    }

    @inline(never)
    mutating func parseQualifiedStar(_ parts: [Name], start: Token) throws(ParseFailure) -> SQLExpression {
        advance(); advance()
        var star = Star(qualifier: parts)
        try parseStarModifiers(&star)
        return SQLExpression(.star(star), range: range(from: start))
    }

    /// A typed literal: `date '2024-01-01'`, `int4 '1'`, `pg_catalog.timestamptz '…'`.
    @inline(never)
    mutating func typedLiteral(_ objectName: ObjectName, start: Token) -> SQLExpression {
        let value = current
        advance()
        let type = TypeName(name: objectName, range: objectName.range)
        return SQLExpression(.typedLiteral(type: type, value: stringValue(value)), range: range(from: start))
    }

    func isStringToken(_ token: Token) -> Bool {
        switch token.kind {
        case .string, .escapeString, .unicodeString, .nationalString, .dollarString: true
        default: false
        }
    }

    // MARK: - Function calls

    @inline(never)
    mutating func parseFunctionCall(name: ObjectName, start: SourceRange) throws(ParseFailure) -> SQLExpression {
        try enter()
        defer { leave() }
        let savedIn = disallowIn
        let savedColon = disallowColonPath
        disallowIn = false
        disallowColonPath = false
        defer {
            disallowIn = savedIn
            disallowColonPath = savedColon
        }
        try expect(.leftParen)
        var call = FunctionCall(name: name)
        if isOperator("*"), peek().kind == .rightParen {
            advance()
            call.star = true
        } else if !isKind(.rightParen) {
            try parseCallArguments(&call)
        }
        try expect(.rightParen)
        if let keyword = current.keyword, keyword == .within || keyword == .filter || keyword == .ignore
            || keyword == .respect || keyword == .over {
            try parseFunctionTail(&call)
        }
        return SQLExpression(.function(call), range: range(from: start))
    }

    @inline(never)
    mutating func parseCallArguments(_ call: inout FunctionCall) throws(ParseFailure) {
        if accept(.distinct) { call.distinct = true } else { _ = accept(.all) }
        repeat {
            call.arguments.append(try parseFunctionArgument())
        } while accept(.comma)
        if let keyword = current.keyword, keyword == .ignore || keyword == .respect || keyword == .order || keyword == .limit {
            try parseCallArgumentTail(&call)
        }
    }

    /// `IGNORE NULLS`, `ORDER BY …` and BigQuery's `LIMIT n` inside an aggregate's parentheses.
    @inline(never)
    mutating func parseCallArgumentTail(_ call: inout FunctionCall) throws(ParseFailure) {
        if accept(.ignore, .nulls) { call.nullTreatment = "IGNORE NULLS" }
        if accept(.respect, .nulls) { call.nullTreatment = "RESPECT NULLS" }
        if accept(.order) {
            try expect(.by)
            call.orderBy = try parseOrderItems()
        }
        if accept(.limit) {
            // BigQuery ARRAY_AGG(… LIMIT n): the limit does not affect lineage.
            _ = try parseExpression()
        }
    }

    /// `WITHIN GROUP (…)`, `FILTER (WHERE …)`, `IGNORE NULLS`, `OVER …` after a call.
    @inline(never)
    mutating func parseFunctionTail(_ call: inout FunctionCall) throws(ParseFailure) {
        if accept(.within) {
            try expect(.group)
            try expect(.leftParen)
            try expect(.order)
            try expect(.by)
            call.withinGroup = try parseOrderItems()
            try expect(.rightParen)
        }
        if isKeyword(.filter), peek().kind == .leftParen {
            advance(); advance()
            try expect(.where)
            call.filter = try parseExpression()
            try expect(.rightParen)
        }
        if accept(.ignore, .nulls) { call.nullTreatment = "IGNORE NULLS" }
        if accept(.respect, .nulls) { call.nullTreatment = "RESPECT NULLS" }
        if accept(.over) {
            if isKind(.leftParen) {
                call.over = try parseWindowSpec()
            } else {
                let windowName = try parseName(allowReserved: true, what: "a window name")
                call.over = WindowSpec(baseName: windowName, isReference: true, range: windowName.range)
            }
        }
    }

    @inline(never)
    mutating func parseFunctionArgument() throws(ParseFailure) -> FunctionArgument {
        var keyword: String?
        if accept(.variadic) { keyword = "VARIADIC" }
        if peek().kind == .colonEquals || (peek().kind == .op && tokenEquals(peek(), "=>")), isName(current, allowReserved: true) {
            return try parseNamedArgument(keyword: keyword)
        }
        return FunctionArgument(keyword: keyword, value: try parseExpressionRecovering())
    }

    @inline(never)
    mutating func parseNamedArgument(keyword: String?) throws(ParseFailure) -> FunctionArgument {
        let argumentName = try parseName(allowReserved: true)
        advance()
        return FunctionArgument(name: argumentName, keyword: keyword, value: try parseExpressionRecovering())
    }

    /// Arguments of SQL-standard forms: `substring(x FROM 1 FOR 2)`, `position(a IN b)`,
    /// `trim(BOTH 'x' FROM y)`, `overlay(a PLACING b FROM 1)`.
    @inline(never)
    mutating func parseKeywordArguments(name: String, start: Token, leading: Set<Keyword>, separators: Set<Keyword>) throws(ParseFailure) -> SQLExpression {
        try enter()
        defer { leave() }
        advance()
        try expect(.leftParen)
        let savedIn = disallowIn
        let savedColon = disallowColonPath
        disallowColonPath = false
        defer {
            disallowIn = savedIn
            disallowColonPath = savedColon
        }
        var arguments: [FunctionArgument] = []
        var keyword: String?
        if let word = current.keyword, leading.contains(word) {
            advance()
            keyword = word.rawValue.uppercased()
            if let next = current.keyword, separators.contains(next) {
                advance()
                keyword = (keyword ?? "") + " " + next.rawValue.uppercased()
            }
        }
        while !isKind(.rightParen) {
            disallowIn = separators.contains(.in)
            let value = try parseExpression()
            arguments.append(FunctionArgument(keyword: keyword, value: value))
            keyword = nil
            if accept(.comma) { continue }
            if let next = current.keyword, separators.contains(next) {
                advance()
                keyword = next.rawValue.uppercased()
                continue
            }
            break
        }
        disallowIn = savedIn
        try expect(.rightParen)
        let functionName = ObjectName([Name(name, range: start.range)], range: start.range)
        return SQLExpression(.function(FunctionCall(name: functionName, arguments: arguments)), range: range(from: start))
    }

    // MARK: - Windows and ordering

    @inline(never)
    mutating func parseWindowSpec() throws(ParseFailure) -> WindowSpec {
        let start = current
        try expect(.leftParen)
        var spec = WindowSpec()
        if isName(current), !(current.keyword == .partition || current.keyword == .order || current.keyword == .rows
            || current.keyword == .range || current.keyword == .groups) {
            spec.baseName = try parseName()
        }
        if accept(.partition) {
            try expect(.by)
            repeat { spec.partitionBy.append(try parseExpression()) } while accept(.comma)
        }
        if accept(.order) {
            try expect(.by)
            spec.orderBy = try parseOrderItems()
        }
        if let mode = current.keyword, mode == .rows || mode == .range || mode == .groups {
            advance()
            let frameMode: WindowFrame.Mode = mode == .rows ? .rows : (mode == .range ? .range : .groups)
            var frame: WindowFrame
            if accept(.between) {
                let lower = try parseFrameBound()
                try expect(.and)
                let upper = try parseFrameBound()
                frame = WindowFrame(mode: frameMode, start: lower, end: upper)
            } else {
                frame = WindowFrame(mode: frameMode, start: try parseFrameBound())
            }
            if accept(.exclude) {
                if accept(.current, .row) { frame.exclusion = "CURRENT ROW" }
                else if accept(.group) { frame.exclusion = "GROUP" }
                else if accept(.ties) { frame.exclusion = "TIES" }
                else if accept(.no, .others) { frame.exclusion = "NO OTHERS" }
                else { throw failure(expected: ["CURRENT ROW", "GROUP", "TIES", "NO OTHERS"]) }
            }
            spec.frame = frame
        }
        try expect(.rightParen)
        spec.range = range(from: start)
        return spec
    }

    mutating func parseFrameBound() throws(ParseFailure) -> WindowFrame.Bound {
        if accept(.unbounded) {
            if accept(.preceding) { return .unboundedPreceding }
            try expect(.following)
            return .unboundedFollowing
        }
        if accept(.current) {
            try expect(.row)
            return .currentRow
        }
        let offset = try parseExpression()
        if accept(.preceding) { return .preceding(offset) }
        try expect(.following)
        return .following(offset)
    }

    @inline(never)
    mutating func parseOrderItems() throws(ParseFailure) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat { items.append(try parseOrderItem()) } while accept(.comma)
        return items
    }

    @inline(never)
    mutating func parseOrderItem() throws(ParseFailure) -> OrderItem {
        var item = OrderItem(expression: try parseExpression())
        if accept(.asc) {
            item.direction = .ascending
        } else if accept(.desc) {
            item.direction = .descending
        } else if accept(.using) {
            guard current.kind == .op else { throw failure(expected: ["an operator"]) }
            item.direction = .using(text(current))
            advance()
        }
        if accept(.nulls) {
            if accept(.first) { item.nullsFirst = true } else { try expect(.last); item.nullsFirst = false }
        }
        return item
    }

    // MARK: - Literals

    @inline(never)
    func stringLiteral(_ token: Token) -> Literal {
        switch token.kind {
        case .escapeString: return .string(unescapeBackslashes(token.start + 2, token.end - 1), style: .escape)
        case .unicodeString:
            return .string(Self.decodeUnicodeEscapes(unquote(token.start + 3, token.end - 1, quote: UInt8(ascii: "'"))), style: .unicode)
        case .nationalString: return .string(unquote(token.start + 2, token.end - 1, quote: UInt8(ascii: "'")), style: .national)
        case .bitString: return .string(text(from: token.start + 2, to: token.end - 1), style: .bit)
        case .hexString: return .string(text(from: token.start + 2, to: token.end - 1), style: .hex)
        case .dollarString: return .string(dollarBody(token), style: .dollar)
        default: return .string(unquote(token.start + 1, token.end - 1, quote: UInt8(ascii: "'")), style: .standard)
        }
    }

    /// The value of any string token.
    func stringValue(_ token: Token) -> String {
        if case .string(let value, _) = stringLiteral(token) { return value }
        return text(token)
    }

    /// The content of a `$tag$…$tag$` token.
    func dollarBody(_ token: Token) -> String {
        var tagEnd = token.start + 1
        while tagEnd < token.end, bytes[tagEnd] != UInt8(ascii: "$") { tagEnd += 1 }
        let tagLength = tagEnd - token.start + 1
        return text(from: token.start + tagLength, to: token.end - tagLength)
    }

    /// Decodes `E'…'` escapes: `\n`, `\t`, `\\`, `\'`, `''`, octal and hex.
    func unescapeBackslashes(_ start: Int, _ end: Int) -> String {
        var out = [UInt8]()
        out.reserveCapacity(Swift.max(0, end - start))
        var i = start
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "'"), i + 1 < end, bytes[i + 1] == UInt8(ascii: "'") {
                out.append(b); i += 2; continue
            }
            guard b == UInt8(ascii: "\\"), i + 1 < end else { out.append(b); i += 1; continue }
            let c = bytes[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(c - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, i < end, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "7") {
                    value = value * 8 + Int(bytes[i] - UInt8(ascii: "0"))
                    i += 1
                    digits += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"):
                var value = 0
                var digits = 0
                while digits < 2, i < end, let digit = Self.hexValue(bytes[i]) {
                    value = value * 16 + digit
                    i += 1
                    digits += 1
                }
                if digits == 0 { out.append(c) } else { out.append(UInt8(truncatingIfNeeded: value)) }
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = c == UInt8(ascii: "u") ? 4 : 8
                var value: UInt32 = 0
                var digits = 0
                while digits < count, i < end, let digit = Self.hexValue(bytes[i]) {
                    value = value * 16 + UInt32(digit)
                    i += 1
                    digits += 1
                }
                if digits == count, let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                } else {
                    out.append(c)
                }
            default:
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(b - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(b - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// Elements up to `closing`; nested `[…]` are sub-arrays.
    @inline(never)
    mutating func parseArrayElements(closing: TokenKind) throws(ParseFailure) -> [SQLExpression] {
        try enter()
        defer { leave() }
        let savedColon = disallowColonPath
        disallowColonPath = false
        defer { disallowColonPath = savedColon }
        var elements: [SQLExpression] = []
        if accept(closing) { return elements }
        repeat {
            elements.append(try parseExpression())
        } while accept(.comma)
        try expect(closing)
        return elements
    }
}
