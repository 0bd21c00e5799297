extension Parser {
    /// Key words that PostgreSQL allows as function and type names although they are reserved as
    /// column names (`left(…)`, `right(…)`, `current_schema()`, …).
    static let typeFunctionNameKeywords: Set<Keyword> = [
        .authorization, .binary, .collation, .concurrently, .cross, .currentSchema, .freeze, .full, .ilike,
        .inner, .is, .isnull, .join, .left, .like, .natural, .notnull, .outer, .overlaps, .right, .similar,
        .tablesample, .verbose,
    ]

    /// Words that end a FROM item or a select item, so they never become an implicit alias.
    static let aliasStoppers: Set<Keyword> = [
        .qualify, .set, .window, .returning, .on, .using, .join, .inner, .left, .right, .full, .cross, .natural,
        .outer, .where, .group, .having, .order, .limit, .offset, .fetch, .for, .union, .intersect, .except,
        .into, .from, .lateral, .tablesample, .when, .then, .else, .end, .with,
    ]

    /// Whether the token can be a name.
    /// - Parameter allowReserved: true where PostgreSQL accepts any key word (after `AS` or `.`).
    func isName(_ token: Token, allowReserved: Bool = false) -> Bool {
        switch token.kind {
        case .quotedIdentifier, .unicodeQuotedIdentifier, .backtickIdentifier, .template:
            return true
        case .word:
            guard let keyword = token.keyword else { return true }
            return allowReserved || !Keyword.reserved.contains(keyword)
        default:
            return false
        }
    }

    /// Whether the current token may serve as an implicit alias (no `AS`).
    var canBeImplicitAlias: Bool {
        let token = current
        switch token.kind {
        case .quotedIdentifier, .unicodeQuotedIdentifier, .backtickIdentifier:
            return true
        case .word:
            guard let keyword = token.keyword else { return true }
            return !Keyword.reserved.contains(keyword) && !Self.aliasStoppers.contains(keyword)
        default:
            return false
        }
    }

    /// The ``Name`` a token spells, applying PostgreSQL's case folding to unquoted words.
    @inline(never)
    func name(of token: Token) -> Name {
        switch token.kind {
        case .quotedIdentifier:
            return Name(unquote(token.start + 1, token.end - 1, quote: UInt8(ascii: "\"")), quoted: true, range: token.range)
        case .backtickIdentifier:
            return Name(unquote(token.start + 1, token.end - 1, quote: UInt8(ascii: "`")), quoted: true, range: token.range)
        case .unicodeQuotedIdentifier:
            let raw = unquote(token.start + 3, token.end - 1, quote: UInt8(ascii: "\""))
            return Name(Self.decodeUnicodeEscapes(raw), quoted: true, range: token.range)
        case .template:
            return Name(text(token), quoted: true, range: token.range)
        default:
            return Name(lowerText(token), quoted: false, range: token.range)
        }
    }

    /// The text between two offsets with doubled `quote` bytes collapsed.
    func unquote(_ start: Int, _ end: Int, quote: UInt8) -> String {
        guard start < end else { return "" }
        var out = [UInt8]()
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let b = bytes[i]
            out.append(b)
            if b == quote, i + 1 < end, bytes[i + 1] == quote { i += 2 } else { i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `\XXXX` and `\+XXXXXX` escapes of `U&'…'` and `U&"…"`.
    static func decodeUnicodeEscapes(_ raw: String) -> String {
        var scalars = Array(raw.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\\", i + 1 < scalars.count {
                if scalars[i + 1] == "\\" { out.append("\\"); i += 2; continue }
                let isLong = scalars[i + 1] == "+"
                let digitStart = isLong ? i + 2 : i + 1
                let digitCount = isLong ? 6 : 4
                if digitStart + digitCount <= scalars.count {
                    let hex = String(String.UnicodeScalarView(scalars[digitStart..<(digitStart + digitCount)]))
                    if let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) {
                        out.append(decoded)
                        i = digitStart + digitCount
                        continue
                    }
                }
            }
            out.append(scalar)
            i += 1
        }
        scalars.removeAll()
        return String(out)
    }

    /// Parses one name.
    /// - Parameter allowReserved: accept reserved key words (PostgreSQL's `ColLabel`).
    @inline(never)
    mutating func parseName(allowReserved: Bool = false, what: String = "a name") throws(ParseFailure) -> Name {
        let token = current
        guard isName(token, allowReserved: allowReserved) else { throw failure(expected: [what]) }
        advance()
        return name(of: token)
    }

    @inline(never)
    func splitBacktickPath(_ single: Name, token: Token) -> [Name] {
        single.value.split(separator: ".", omittingEmptySubsequences: false).map {
            Name(String($0), quoted: true, range: token.range)
        }
    }

    /// Parses a name and splits a BigQuery backtick path (`` `project.dataset.table` ``) into parts.
    @inline(never)
    mutating func parseNameParts(allowReserved: Bool) throws(ParseFailure) -> [Name] {
        let token = current
        guard isName(token, allowReserved: allowReserved) else { throw failure(expected: ["a name"]) }
        advance()
        let single = name(of: token)
        if token.kind == .backtickIdentifier, single.value.utf8.contains(UInt8(ascii: ".")) {
            return splitBacktickPath(single, token: token)
        }
        return [single]
    }

    /// Parses `name(.name)*`.
    /// - Parameter allowReserved: accept a reserved key word as the first part.
    @inline(never)
    mutating func parseObjectName(allowReserved: Bool = false) throws(ParseFailure) -> ObjectName {
        let start = current
        var parts = try parseNameParts(allowReserved: allowReserved)
        while isKind(.dot), isName(peek(), allowReserved: true) {
            advance()
            parts.append(contentsOf: try parseNameParts(allowReserved: true))
        }
        return ObjectName(parts, range: range(from: start))
    }

    /// Parses `(name, name, …)`.
    mutating func parseNameList() throws(ParseFailure) -> [Name] {
        try expect(.leftParen)
        var names: [Name] = []
        if accept(.rightParen) { return names }
        repeat {
            names.append(try parseName(allowReserved: true))
        } while accept(.comma)
        try expect(.rightParen)
        return names
    }

    /// Parses an optional `[AS] alias`.
    mutating func parseOptionalAlias() throws(ParseFailure) -> Name? {
        if accept(.as) { return try parseName(allowReserved: true, what: "an alias") }
        if canBeImplicitAlias { return try parseName() }
        return nil
    }

    // MARK: - Types

    /// Parses a data type.
    @inline(never)
    mutating func parseType() throws(ParseFailure) -> TypeName {
        try enter()
        defer { leave() }
        let start = current
        let isSetOf = accept(.setof)
        var type = try parseBaseType()
        type.isSetOf = isSetOf
        // %TYPE / %ROWTYPE
        if isOperator("%"), peek().kind == .word {
            let word = lowerText(peek())
            if word == "type" || word == "rowtype" {
                advance(); advance()
                type.percentType = word
            }
        }
        // Array bounds: [] [n] … or ARRAY [n]
        while true {
            if isKind(.leftBracket) {
                advance()
                var bound: Int?
                if isKind(.integer) { bound = Int(text(current)); advance() }
                try expect(.rightBracket)
                type.arrayBounds.append(bound)
            } else if isKeyword(.array), peek().kind != .leftParen {
                advance()
                var bound: Int?
                if isKind(.leftBracket) {
                    advance()
                    if isKind(.integer) { bound = Int(text(current)); advance() }
                    try expect(.rightBracket)
                }
                type.arrayBounds.append(bound)
            } else {
                break
            }
        }
        type.range = range(from: start)
        return type
    }

    static let multiWordTypeStarts: Set<Keyword> = [.double, .character, .char, .national, .nchar, .bit, .time, .timestamp, .interval]

    mutating func parseBaseType() throws(ParseFailure) -> TypeName {
        let start = current
        func single(_ text: String) -> ObjectName { ObjectName([Name(text, range: start.range)], range: start.range) }
        if start.kind == .word, let keyword = start.keyword, Self.multiWordTypeStarts.contains(keyword) {
            switch keyword {
            case .double:
                if peek().keyword == .precision {
                    advance(); advance()
                    return TypeName(name: single("double precision"), range: range(from: start))
                }
            case .character, .char, .nchar, .national:
                advance()
                var base = keyword == .char ? "char" : "character"
                if keyword == .national { _ = accept(.character) || accept(.char); base = "national character" }
                if keyword == .nchar { base = "national character" }
                if accept(.varying) { base += " varying" }
                var type = TypeName(name: single(base))
                type.modifiers = try parseTypeModifiers()
                return type
            case .bit:
                advance()
                var type = TypeName(name: single(accept(.varying) ? "bit varying" : "bit"))
                type.modifiers = try parseTypeModifiers()
                return type
            case .time, .timestamp:
                advance()
                var type = TypeName(name: single(keyword.rawValue))
                type.modifiers = try parseTypeModifiers()
                if accept(.with, .time, .zone) {
                    type.name = single(keyword.rawValue + " with time zone")
                } else if accept(.without, .time, .zone) {
                    type.name = single(keyword.rawValue + " without time zone")
                }
                return type
            case .interval:
                advance()
                var type = TypeName(name: single("interval"))
                type.intervalFields = parseIntervalFields()
                type.modifiers = try parseTypeModifiers()
                return type
            default:
                break
            }
        }
        let angle = peek().kind == .op && (tokenEquals(peek(), "<") || tokenEquals(peek(), "<>"))
        let bigQueryType = (start.keyword == .array || start.keyword == .struct) && angle
        guard isName(start) || bigQueryType
            || (start.kind == .word && start.keyword.map { Self.typeFunctionNameKeywords.contains($0) } == true) else {
            throw failure(expected: ["a type"])
        }
        let name = try parseObjectName(allowReserved: true)
        var type = TypeName(name: name)
        // BigQuery ARRAY<T>, STRUCT<a T>.
        let bigQueryGeneric = name.parts.count == 1 && ["array", "struct", "map", "range"].contains(name.name.value)
        if bigQueryGeneric, isOperator("<") || isOperator("<>") {
            type.typeArguments = try parseAngleTypeArguments()
        } else if name.parts.count == 1, name.name.value == "row", !name.name.quoted, isKind(.leftParen) {
            // Trino ROW(x int, y varchar).
            advance()
            repeat {
                let field = try parseName(allowReserved: true)
                type.typeArguments.append(TypeArgument(name: field, type: try parseType()))
            } while accept(.comma)
            try expect(.rightParen)
            return type
        }
        type.modifiers = try parseTypeModifiers()
        return type
    }

    /// `(n)` or `(p, s)` after a type name.
    mutating func parseTypeModifiers() throws(ParseFailure) -> [SQLExpression] {
        guard isKind(.leftParen) else { return [] }
        advance()
        var modifiers: [SQLExpression] = []
        if accept(.rightParen) { return modifiers }
        repeat {
            // Snowflake VARCHAR(16777216), NUMBER(38,0), BigQuery STRING(MAX): any expression.
            modifiers.append(try parseExpression())
        } while accept(.comma)
        try expect(.rightParen)
        return modifiers
    }

    /// `YEAR`, `DAY TO SECOND`, … after `interval`.
    mutating func parseIntervalFields() -> String? {
        let fields: Set<Keyword> = [.year, .month, .day, .hour, .minute, .second]
        guard let first = current.keyword, fields.contains(first) else { return nil }
        advance()
        var text = first.rawValue
        if isKeyword(.to), let second = peek().keyword, fields.contains(second) {
            advance(); advance()
            text += " to " + second.rawValue
        }
        return text
    }

    /// `<T>` or `<name T, …>`; a closing `>>` is split in two.
    mutating func parseAngleTypeArguments() throws(ParseFailure) -> [TypeArgument] {
        if isOperator("<>") { advance(); return [] }
        try expectOperator("<")
        var arguments: [TypeArgument] = []
        repeat {
            var fieldName: Name?
            if isName(current), isName(peek(), allowReserved: true) || peek().kind == .word {
                // `name TYPE` (struct field) vs `TYPE<…>`: a field name is followed by another word.
                if !(peek().kind == .op) {
                    fieldName = try parseName(allowReserved: true)
                }
            }
            arguments.append(TypeArgument(name: fieldName, type: try parseType()))
        } while accept(.comma)
        try closeAngle()
        return arguments
    }

    mutating func closeAngle() throws(ParseFailure) {
        if acceptOperator(">") { return }
        if index < limit, tokens[index].kind == .op, tokens[index].end - tokens[index].start >= 2,
           bytes[tokens[index].start] == UInt8(ascii: ">") {
            // Split `>>` (or `>=`…): consume one `>` and keep the rest as the current token.
            tokens[index].start += 1
            tokens[index].column += 1
            return
        }
        throw failure(expected: ["\">\""])
    }
}
