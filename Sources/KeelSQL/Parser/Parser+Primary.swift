extension Parser {
    /// Primary expressions that start with a key word (sqlglot's `PRIMARY_PARSERS` / `FUNCTION_PARSERS`).
    enum PrimaryForm {
        case null, `true`, `false`, `default`, caseWhen, cast(Cast.Syntax), exists, array, row, structure, interval
        case extract, keywordArguments(name: String, leading: Set<Keyword>, separators: Set<Keyword>)
        case dateTime, multiWordType, valueFunction
    }

    /// Primary-expression forms by leading key word.
    static let primaryForms: [Keyword: PrimaryForm] = {
        var table: [Keyword: PrimaryForm] = [
            .null: .null, .true: .true, .false: .false, .default: .default, .case: .caseWhen,
            .cast: .cast(.cast), .tryCast: .cast(.tryCast), .safeCast: .cast(.safeCast),
            .exists: .exists, .array: .array, .row: .row, .struct: .structure, .interval: .interval, .extract: .extract,
            .substring: .keywordArguments(name: "substring", leading: [], separators: [.from, .for, .similar, .escape]),
            .position: .keywordArguments(name: "position", leading: [], separators: [.in]),
            .trim: .keywordArguments(name: "trim", leading: [.both, .leading, .trailing], separators: [.from]),
            .overlay: .keywordArguments(name: "overlay", leading: [], separators: [.placing, .from, .for]),
            .timestamp: .dateTime, .time: .dateTime,
            .double: .multiWordType, .character: .multiWordType, .national: .multiWordType,
        ]
        let niladic: [Keyword] = [
            .currentDate, .currentTime, .currentTimestamp, .localtime, .localtimestamp, .currentUser, .currentRole,
            .sessionUser, .user, .currentCatalog, .currentSchema, .systemUser,
        ]
        for keyword in niladic { table[keyword] = .valueFunction }
        return table
    }()

    /// Parses a primary of the given form, or returns `nil` to treat the word as a name.
    @inline(never)
    mutating func parsePrimary(_ form: PrimaryForm) throws(ParseFailure) -> SQLExpression? {
        switch form {
        case .null: return literal(.null)
        case .true: return literal(.boolean(true))
        case .false: return literal(.boolean(false))
        case .default:
            let token = current
            advance()
            return SQLExpression(.default, range: token.range)
        case .caseWhen: return try parseCase()
        case .cast(let syntax): return try parseCast(syntax)
        case .exists: return try parseExists()
        case .array: return try parseArrayConstructor()
        case .row: return try parseRowConstructor()
        case .structure: return try parseStructConstructor()
        case .interval: return try parseInterval()
        case .extract: return try parseExtract()
        case .keywordArguments(let name, let leading, let separators):
            guard peek().kind == .leftParen else { return nil }
            return try parseKeywordArguments(name: name, start: current, leading: leading, separators: separators)
        case .dateTime: return try parseDateTimeLiteral()
        case .multiWordType: return try parseMultiWordTypedLiteral()
        case .valueFunction: return try parseValueFunction()
        }
    }

    mutating func literal(_ value: Literal) -> SQLExpression {
        let token = current
        advance()
        return SQLExpression(.literal(value), range: token.range)
    }

    /// `CURRENT_DATE`, `CURRENT_TIMESTAMP(3)`, `CURRENT_USER`, …; `current_schema()` stays a function.
    @inline(never)
    mutating func parseValueFunction() throws(ParseFailure) -> SQLExpression? {
        let start = current
        let name = lowerText(start)
        if peek().kind == .leftParen {
            // Snowflake and BigQuery `CURRENT_TIMESTAMP()`, `CURRENT_DATE()`: the same value.
            if peek(2).kind == .rightParen, name != "current_schema" {
                advance(); advance(); advance()
                return SQLExpression(.valueFunction(name: name.uppercased(), precision: nil), range: range(from: start))
            }
            let takesPrecision = ["current_time", "current_timestamp", "localtime", "localtimestamp"].contains(name)
            if !takesPrecision { return nil }
            advance(); advance()
            guard isKind(.integer), let precision = Int(text(current)) else { throw failure(expected: ["a precision"]) }
            advance()
            try expect(.rightParen)
            return SQLExpression(.valueFunction(name: name.uppercased(), precision: precision), range: range(from: start))
        }
        advance()
        return SQLExpression(.valueFunction(name: name.uppercased(), precision: nil), range: start.range)
    }

    @inline(never)
    mutating func parseCase() throws(ParseFailure) -> SQLExpression {
        let start = current
        try enter()
        defer { leave() }
        advance()
        var operand: SQLExpression?
        if !isKeyword(.when) { operand = try parseExpression() }
        var branches: [CaseWhen.Branch] = []
        while accept(.when) {
            let condition = try parseExpression()
            try expect(.then)
            let result = try parseExpression()
            branches.append(CaseWhen.Branch(condition: condition, result: result))
        }
        if branches.isEmpty { throw failure(expected: ["WHEN"]) }
        var elseResult: SQLExpression?
        if accept(.else) { elseResult = try parseExpression() }
        try expect(Keyword.end)
        return SQLExpression(.caseWhen(CaseWhen(operand: operand, branches: branches, elseResult: elseResult)), range: range(from: start))
    }

    @inline(never)
    mutating func parseCast(_ syntax: Cast.Syntax) throws(ParseFailure) -> SQLExpression? {
        guard peek().kind == .leftParen else { return nil }
        let start = current
        try enter()
        defer { leave() }
        advance(); advance()
        let savedIn = disallowIn
        disallowIn = false
        defer { disallowIn = savedIn }
        let value = try parseExpression()
        try expect(.as)
        let type = try parseType()
        // BigQuery CAST(x AS STRING FORMAT '…'): the format does not change lineage.
        if current.kind == .word, lowerText(current) == "format" {
            advance()
            _ = try parseExpression()
        }
        try expect(.rightParen)
        return SQLExpression(.cast(Cast(value: value, type: type, syntax: syntax)), range: range(from: start))
    }

    @inline(never)
    mutating func parseExists() throws(ParseFailure) -> SQLExpression? {
        guard peek().kind == .leftParen, startsQuery(at: index + 2) else { return nil }
        let start = current
        try enter()
        defer { leave() }
        advance(); advance()
        let query = try parseQuery()
        try expect(.rightParen)
        return SQLExpression(.exists(query), range: range(from: start))
    }

    @inline(never)
    mutating func parseArrayConstructor() throws(ParseFailure) -> SQLExpression? {
        let start = current
        let next = peek()
        if next.kind == .leftBracket {
            advance(); advance()
            let elements = try parseArrayElements(closing: .rightBracket)
            return SQLExpression(.array(.elements(elements, elementType: nil)), range: range(from: start))
        }
        if next.kind == .leftParen, startsQuery(at: index + 2) {
            try enter()
            defer { leave() }
            advance(); advance()
            let query = try parseQuery()
            try expect(.rightParen)
            return SQLExpression(.array(.subquery(query)), range: range(from: start))
        }
        if next.kind == .leftParen {
            // Spark / DuckDB `array(a, b)`: an ordinary function call.
            let name = ObjectName([Name("array", range: start.range)], range: start.range)
            advance()
            return try parseFunctionCall(name: name, start: start.range)
        }
        if next.kind == .op, tokenEquals(next, "<") {
            advance()
            let arguments = try parseAngleTypeArguments()
            let elementType = arguments.first?.type
            try expect(.leftBracket)
            let elements = try parseArrayElements(closing: .rightBracket)
            return SQLExpression(.array(.elements(elements, elementType: elementType)), range: range(from: start))
        }
        return nil
    }

    @inline(never)
    mutating func parseRowConstructor() throws(ParseFailure) -> SQLExpression? {
        guard peek().kind == .leftParen else { return nil }
        let start = current
        advance(); advance()
        try enter()
        defer { leave() }
        var items: [SQLExpression] = []
        if !isKind(.rightParen) {
            repeat { items.append(try parseExpression()) } while accept(.comma)
        }
        try expect(.rightParen)
        return SQLExpression(.row(items, explicit: true), range: range(from: start))
    }

    /// BigQuery `STRUCT(a, b AS c)` and `STRUCT<a INT64>(…)`.
    @inline(never)
    mutating func parseStructConstructor() throws(ParseFailure) -> SQLExpression? {
        let start = current
        let next = peek()
        var fieldTypes: [TypeArgument] = []
        if next.kind == .op, tokenEquals(next, "<") {
            advance()
            fieldTypes = try parseAngleTypeArguments()
            guard isKind(.leftParen) else { throw failure(expected: ["\"(\""]) }
        } else if next.kind == .leftParen {
            advance()
        } else {
            return nil
        }
        try enter()
        defer { leave() }
        advance()
        var fields: [SelectItem] = []
        if !isKind(.rightParen) {
            repeat {
                let itemStart = current
                let value = try parseExpression()
                var alias: Name?
                if accept(.as) { alias = try parseName(allowReserved: true) }
                fields.append(SelectItem(expression: value, alias: alias, range: range(from: itemStart)))
            } while accept(.comma)
        }
        try expect(.rightParen)
        return SQLExpression(.structConstructor(StructConstructor(fields: fields, fieldTypes: fieldTypes)), range: range(from: start))
    }

    /// `INTERVAL '1 day'`, `INTERVAL '1' DAY`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL(3) '…'`,
    /// and BigQuery / Snowflake `INTERVAL 1 DAY`.
    @inline(never)
    mutating func parseInterval() throws(ParseFailure) -> SQLExpression? {
        let start = current
        let next = peek()
        if isStringToken(next) {
            advance(); advance()
            var type = TypeName(name: ObjectName([Name("interval", range: start.range)], range: start.range))
            type.intervalFields = parseIntervalFields()
            type.modifiers = try parseTypeModifiers()
            type.range = range(from: start)
            return SQLExpression(.typedLiteral(type: type, value: stringValue(next)), range: range(from: start))
        }
        if next.kind == .leftParen, peek(2).kind == .integer, peek(3).kind == .rightParen, isStringToken(peek(4)) {
            advance()
            var type = TypeName(name: ObjectName([Name("interval", range: start.range)], range: start.range))
            type.modifiers = try parseTypeModifiers()
            let value = current
            advance()
            type.range = range(from: start)
            return SQLExpression(.typedLiteral(type: type, value: stringValue(value)), range: range(from: start))
        }
        if next.kind == .integer || next.kind == .decimal || next.kind == .op || next.kind == .leftParen {
            advance()
            let value = try parseBinary(minPrecedence: Precedence.unary)
            var type = TypeName(name: ObjectName([Name("interval", range: start.range)], range: start.range))
            type.intervalFields = parseIntervalFields()
            if type.intervalFields == nil, current.kind == .word,
               ["week", "weeks", "days", "hours", "minutes", "seconds", "months", "years", "quarter", "millisecond", "microsecond"]
                .contains(lowerText(current)) {
                type.intervalFields = lowerText(current)
                advance()
            }
            type.range = range(from: start)
            return SQLExpression(.cast(Cast(value: value, type: type, syntax: .cast)), range: range(from: start))
        }
        return nil
    }

    /// `EXTRACT(field FROM source)`.
    @inline(never)
    mutating func parseExtract() throws(ParseFailure) -> SQLExpression? {
        guard peek().kind == .leftParen else { return nil }
        let start = current
        try enter()
        defer { leave() }
        advance(); advance()
        let fieldToken = current
        let field: String
        switch fieldToken.kind {
        case .word, .quotedIdentifier: field = name(of: fieldToken).value
        case .string: field = stringValue(fieldToken)
        default: throw failure(expected: ["a field name"])
        }
        advance()
        guard accept(.from) || accept(.comma) else { throw failure(expected: ["FROM"]) }
        let source = try parseExpression()
        try expect(.rightParen)
        return SQLExpression(.extract(field: field, source: source), range: range(from: start))
    }

    /// `TIMESTAMP '…'`, `TIMESTAMP WITH TIME ZONE '…'`, `TIME '…'`; otherwise a name.
    @inline(never)
    mutating func parseDateTimeLiteral() throws(ParseFailure) -> SQLExpression? {
        let next = peek()
        let isWithZone = (next.keyword == .with || next.keyword == .without) && peek(2).keyword == .time
            && peek(3).keyword == .zone && isStringToken(peek(4))
        let hasPrecision = next.kind == .leftParen && peek(2).kind == .integer && peek(3).kind == .rightParen
            && (isStringToken(peek(4)) || peek(4).keyword == .with || peek(4).keyword == .without)
        guard isStringToken(next) || isWithZone || hasPrecision else { return nil }
        return try parseMultiWordTypedLiteral()
    }

    /// `double precision '1.5'`, `character varying '…'`: a multi-word type followed by a string.
    @inline(never)
    mutating func parseMultiWordTypedLiteral() throws(ParseFailure) -> SQLExpression? {
        let saved = index
        let start = current
        guard let type = try? parseBaseType(), isStringToken(current) else {
            index = saved
            return nil
        }
        let value = current
        advance()
        return SQLExpression(.typedLiteral(type: type, value: stringValue(value)), range: range(from: start))
    }
}
