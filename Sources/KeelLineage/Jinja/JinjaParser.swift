/// Parses a Jinja template (the subset dbt projects use) into ``JinjaTemplate``.
struct JinjaParser {
    private let file: String
    private let segments: [JinjaLexer.Segment]
    private var position = 0

    /// Parses `source`.
    /// - Throws: ``LineageError/jinjaSyntax(_:reason:)`` with the line of the offending tag.
    static func parse(_ source: String, file: String) throws(LineageError) -> JinjaTemplate {
        var parser = JinjaParser(file: file, segments: try JinjaLexer.segments(source, file: file))
        let (body, terminator) = try parser.parseBody(until: [])
        if let terminator {
            throw .jinjaSyntax(FileLocation(file: file, line: terminator.line), reason: "unexpected {% \(terminator.tag) %}")
        }
        return JinjaTemplate(file: file, body: body)
    }

    private init(file: String, segments: [JinjaLexer.Segment]) {
        self.file = file
        self.segments = segments
    }

    /// A statement tag that ended a body.
    private struct Terminator {
        var tag: String
        var tokens: TokenStream
        var line: Int
    }

    private static let endTags: Set<String> = [
        "endif", "elif", "else", "endfor", "endmacro", "endset", "endcall", "endfilter", "endwith", "endtest",
        "endsnapshot", "endmaterialization", "enddocs",
    ]

    /// Parses nodes until one of `terminators` (or the end of the template, returned as `nil`).
    private mutating func parseBody(until terminators: Set<String>) throws(LineageError) -> ([JinjaNode], Terminator?) {
        var nodes: [JinjaNode] = []
        while position < segments.count {
            let segment = segments[position]
            position += 1
            switch segment {
            case .text(let text):
                nodes.append(.text(text))
            case .output(let body, let line):
                var stream = try stream(body, line: line)
                let expr = try stream.parseExpression()
                try stream.expectEnd()
                nodes.append(.output(expr, line: line))
            case .statement(let body, let line):
                var stream = try stream(body, line: line)
                guard case .name(let tag) = stream.peek else {
                    throw .jinjaSyntax(location(line), reason: "expected a tag name")
                }
                if terminators.contains(tag) {
                    stream.advance()
                    return (nodes, Terminator(tag: tag, tokens: stream, line: line))
                }
                if Self.endTags.contains(tag) {
                    throw .jinjaSyntax(location(line), reason: "unexpected {% \(tag) %}")
                }
                stream.advance()
                nodes.append(try parseStatement(tag, stream: &stream, line: line))
            }
        }
        if !terminators.isEmpty {
            return (nodes, nil)
        }
        return (nodes, nil)
    }

    private func location(_ line: Int) -> FileLocation { FileLocation(file: file, line: line) }

    private func stream(_ body: String, line: Int) throws(LineageError) -> TokenStream {
        TokenStream(tokens: try JinjaLexer.tokens(body, location: location(line)), location: location(line))
    }

    /// Parses a block's body up to its end tag, failing if the template ends first.
    private mutating func block(_ opening: String, line: Int, until terminators: Set<String>) throws(LineageError) -> ([JinjaNode], Terminator) {
        let (body, terminator) = try parseBody(until: terminators)
        guard let terminator else {
            throw .jinjaSyntax(location(line), reason: "{% \(opening) %} is never closed (expected {% \(terminators.sorted().last ?? "end") %})")
        }
        return (body, terminator)
    }

    private mutating func parseStatement(_ tag: String, stream: inout TokenStream, line: Int) throws(LineageError) -> JinjaNode {
        switch tag {
        case "if":
            var branches: [(JinjaExpr, [JinjaNode])] = []
            var condition = try stream.parseExpression()
            try stream.expectEnd()
            var otherwise: [JinjaNode] = []
            while true {
                let (body, terminator) = try block("if", line: line, until: ["elif", "else", "endif"])
                branches.append((condition, body))
                if terminator.tag == "elif" {
                    var rest = terminator.tokens
                    condition = try rest.parseExpression()
                    try rest.expectEnd()
                    continue
                }
                if terminator.tag == "else" {
                    let (elseBody, end) = try block("if", line: line, until: ["endif"])
                    otherwise = elseBody
                    _ = end
                }
                break
            }
            return .conditional(branches: branches.map { (condition: $0.0, body: $0.1) }, otherwise: otherwise, line: line)

        case "for":
            var targets: [String] = []
            repeat {
                if stream.peek == .op("(") { stream.advance() }
                targets.append(try stream.expectName())
                if stream.peek == .op(")") { stream.advance() }
            } while stream.accept(.op(","))
            try stream.expectKeyword("in")
            let iterable = try stream.parseExpression(allowConditional: false)
            var filter: JinjaExpr?
            if stream.accept(.name("if")) { filter = try stream.parseExpression(allowConditional: false) }
            _ = stream.accept(.name("recursive"))
            try stream.expectEnd()
            let (body, terminator) = try block("for", line: line, until: ["else", "endfor"])
            var otherwise: [JinjaNode] = []
            if terminator.tag == "else" {
                otherwise = try block("for", line: line, until: ["endfor"]).0
            }
            return .loop(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, line: line)

        case "set":
            var targets: [JinjaAssignTarget] = []
            repeat {
                let name = try stream.expectName()
                if stream.accept(.op(".")) {
                    targets.append(.attribute(name, try stream.expectName()))
                } else {
                    targets.append(.name(name))
                }
            } while stream.accept(.op(","))
            if stream.accept(.op("=")) {
                var value = try stream.parseExpression()
                if stream.peek == .op(",") {
                    var items = [value]
                    while stream.accept(.op(",")) {
                        if stream.peek == .end { break }
                        items.append(try stream.parseExpression())
                    }
                    value = .tuple(items)
                }
                try stream.expectEnd()
                return .assign(targets: targets, value: value, line: line)
            }
            guard targets.count == 1, let target = targets.first else {
                throw .jinjaSyntax(location(line), reason: "a {% set %} block assigns one name")
            }
            var filters: [JinjaFilterCall] = []
            while stream.accept(.op("|")) { filters.append(try stream.parseFilterCall()) }
            try stream.expectEnd()
            let (body, _) = try block("set", line: line, until: ["endset"])
            return .assignBlock(target: target, filters: filters, body: body, line: line)

        case "macro", "test":
            var name = try stream.expectName()
            if tag == "test" { name = "test_" + name }
            let parameters = try stream.parseParameters()
            try stream.expectEnd()
            let (body, _) = try block(tag, line: line, until: ["end" + tag])
            return .macro(JinjaMacroDefinition(name: name, parameters: parameters, body: body, file: file, line: line))

        case "call":
            var parameters: [JinjaParameter] = []
            if stream.peek == .op("(") { parameters = try stream.parseParameters() }
            let call = try stream.parseExpression()
            try stream.expectEnd()
            let (body, _) = try block("call", line: line, until: ["endcall"])
            return .callBlock(call: call, parameters: parameters, body: body, line: line)

        case "filter":
            var filters = [try stream.parseFilterCall()]
            while stream.accept(.op("|")) { filters.append(try stream.parseFilterCall()) }
            try stream.expectEnd()
            let (body, _) = try block("filter", line: line, until: ["endfilter"])
            return .filterBlock(filters: filters, body: body, line: line)

        case "with":
            var assignments: [(String, JinjaExpr)] = []
            while stream.peek != .end {
                let name = try stream.expectName()
                try stream.expect(.op("="))
                assignments.append((name, try stream.parseExpression()))
                if !stream.accept(.op(",")) { break }
            }
            try stream.expectEnd()
            let (body, _) = try block("with", line: line, until: ["endwith"])
            return .scoped(assignments: assignments, body: body, line: line)

        case "do":
            let expr = try stream.parseExpression()
            try stream.expectEnd()
            return .expressionStatement(expr, line: line)

        case "break", "continue":
            try stream.expectEnd()
            return .loopControl(isBreak: tag == "break", line: line)

        case "snapshot":
            let name = try stream.expectName()
            try stream.expectEnd()
            let (body, _) = try block("snapshot", line: line, until: ["endsnapshot"])
            return .snapshot(name: name, body: body, line: line)

        case "materialization", "docs":
            _ = try block(tag, line: line, until: ["end" + tag])
            return .ignored

        default:
            throw .jinjaSyntax(location(line), reason: "unknown tag '\(tag)'")
        }
    }
}

/// Tokens of one tag, with an expression parser.
struct TokenStream {
    private var tokens: [JinjaLexer.Token]
    private var index = 0
    let location: FileLocation

    init(tokens: [JinjaLexer.Token], location: FileLocation) {
        self.tokens = tokens
        self.location = location
    }

    var peek: JinjaLexer.Token { tokens[index] }

    func peek(_ offset: Int) -> JinjaLexer.Token {
        index + offset < tokens.count ? tokens[index + offset] : .end
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func accept(_ token: JinjaLexer.Token) -> Bool {
        if peek == token { advance(); return true }
        return false
    }

    mutating func expect(_ token: JinjaLexer.Token) throws(LineageError) {
        guard accept(token) else { throw error("expected \(Self.describe(token)), found \(Self.describe(peek))") }
    }

    mutating func expectKeyword(_ word: String) throws(LineageError) {
        try expect(.name(word))
    }

    mutating func expectName() throws(LineageError) -> String {
        guard case .name(let name) = peek else { throw error("expected a name, found \(Self.describe(peek))") }
        advance()
        return name
    }

    /// The end of the tag. Like Jinja2's `parse_statements`, a trailing `:` is tolerated (`{% if x: %}`).
    mutating func expectEnd() throws(LineageError) {
        if peek == .op(":"), peek(1) == .end { advance() }
        guard peek == .end else { throw error("unexpected \(Self.describe(peek))") }
    }

    func error(_ reason: String) -> LineageError {
        .jinjaSyntax(location, reason: reason)
    }

    static func describe(_ token: JinjaLexer.Token) -> String {
        switch token {
        case .name(let name): "'\(name)'"
        case .string(let text): "string '\(text)'"
        case .int(let value): "\(value)"
        case .float(let value): "\(value)"
        case .op(let op): "'\(op)'"
        case .end: "end of tag"
        }
    }

    // MARK: Parameters and filters

    mutating func parseParameters() throws(LineageError) -> [JinjaParameter] {
        try expect(.op("("))
        var parameters: [JinjaParameter] = []
        while !accept(.op(")")) {
            let name = try expectName()
            var value: JinjaExpr?
            if accept(.op("=")) { value = try parseExpression() }
            parameters.append(JinjaParameter(name: name, defaultValue: value))
            if !accept(.op(",")) {
                try expect(.op(")"))
                break
            }
        }
        return parameters
    }

    mutating func parseFilterCall() throws(LineageError) -> JinjaFilterCall {
        var name = try expectName()
        while accept(.op(".")) { name += "." + (try expectName()) }
        var call = JinjaFilterCall(name: name, arguments: [], keywordArguments: [])
        if peek == .op("(") {
            let (args, kwargs, _, _) = try parseCallArguments()
            call.arguments = args
            call.keywordArguments = kwargs
        }
        return call
    }

    // MARK: Expressions

    mutating func parseExpression(allowConditional: Bool = true) throws(LineageError) -> JinjaExpr {
        let expr = try parseOr()
        if allowConditional, accept(.name("if")) {
            let condition = try parseOr()
            var otherwise: JinjaExpr?
            if accept(.name("else")) { otherwise = try parseExpression() }
            return .conditional(expr, condition: condition, otherwise: otherwise)
        }
        return expr
    }

    private mutating func parseOr() throws(LineageError) -> JinjaExpr {
        var left = try parseAnd()
        while accept(.name("or")) { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(LineageError) -> JinjaExpr {
        var left = try parseNot()
        while accept(.name("and")) { left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(LineageError) -> JinjaExpr {
        if peek == .name("not") {
            advance()
            return .not(try parseNot())
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws(LineageError) -> JinjaExpr {
        let left = try parseMath1()
        var rest: [(String, JinjaExpr)] = []
        while true {
            switch peek {
            case .op(let op) where ["==", "!=", "<", ">", "<=", ">="].contains(op):
                advance()
                rest.append((op, try parseMath1()))
            case .name("in"):
                advance()
                rest.append(("in", try parseMath1()))
            case .name("not") where peek(1) == .name("in"):
                advance(); advance()
                rest.append(("notin", try parseMath1()))
            default:
                return rest.isEmpty ? left : .compare(left, rest)
            }
        }
    }

    private mutating func parseMath1() throws(LineageError) -> JinjaExpr {
        var left = try parseConcat()
        while case .op(let op) = peek, op == "+" || op == "-" {
            advance()
            left = .binary(op, left, try parseConcat())
        }
        return left
    }

    private mutating func parseConcat() throws(LineageError) -> JinjaExpr {
        var left = try parseMath2()
        while accept(.op("~")) { left = .binary("~", left, try parseMath2()) }
        return left
    }

    private mutating func parseMath2() throws(LineageError) -> JinjaExpr {
        var left = try parsePow()
        while case .op(let op) = peek, ["*", "/", "//", "%"].contains(op) {
            advance()
            left = .binary(op, left, try parsePow())
        }
        return left
    }

    private mutating func parsePow() throws(LineageError) -> JinjaExpr {
        var left = try parseUnary()
        while accept(.op("**")) { left = .binary("**", left, try parseUnary()) }
        return left
    }

    private mutating func parseUnary() throws(LineageError) -> JinjaExpr {
        if case .op(let op) = peek, op == "-" || op == "+" {
            advance()
            return .unary(op, try parseUnary())
        }
        var expr = try parsePostfix(try parsePrimary())
        // Filters and tests.
        while true {
            if accept(.op("|")) {
                expr = .filter(expr, try parseFilterCall())
                expr = try parsePostfix(expr)
            } else if accept(.name("is")) {
                let negated = accept(.name("not"))
                var name = try expectName()
                while accept(.op(".")) { name += "." + (try expectName()) }
                var arguments: [JinjaExpr] = []
                if peek == .op("(") {
                    arguments = try parseCallArguments().0
                } else if startsTestArgument {
                    arguments = [try parsePostfix(try parsePrimary())]
                }
                expr = .test(expr, name: name, arguments: arguments, negated: negated)
            } else {
                return expr
            }
        }
    }

    private var startsTestArgument: Bool {
        switch peek {
        case .string, .int, .float: true
        case .name(let word): !["and", "or", "else", "if", "is", "in", "not"].contains(word)
        case .op("["), .op("{"): true
        default: false
        }
    }

    private mutating func parsePrimary() throws(LineageError) -> JinjaExpr {
        let token = peek
        switch token {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.none)
            default: return .name(name)
            }
        case .string(var text):
            advance()
            while case .string(let more) = peek { text += more; advance() }
            return .literal(.string(text))
        case .int(let value):
            advance()
            return .literal(.int(value))
        case .float(let value):
            advance()
            return .literal(.double(value))
        case .op("("):
            advance()
            if accept(.op(")")) { return .tuple([]) }
            let first = try parseExpression()
            if accept(.op(")")) { return first }
            var items = [first]
            while accept(.op(",")) {
                if peek == .op(")") { break }
                items.append(try parseExpression())
            }
            try expect(.op(")"))
            return .tuple(items)
        case .op("["):
            advance()
            var items: [JinjaExpr] = []
            while !accept(.op("]")) {
                items.append(try parseExpression())
                if !accept(.op(",")) { try expect(.op("]")); break }
            }
            return .list(items)
        case .op("{"):
            advance()
            var pairs: [(JinjaExpr, JinjaExpr)] = []
            while !accept(.op("}")) {
                let key = try parseExpression()
                try expect(.op(":"))
                pairs.append((key, try parseExpression()))
                if !accept(.op(",")) { try expect(.op("}")); break }
            }
            return .dict(pairs)
        default:
            throw error("expected an expression, found \(Self.describe(token))")
        }
    }

    private mutating func parsePostfix(_ base: JinjaExpr) throws(LineageError) -> JinjaExpr {
        var expr = base
        while true {
            if accept(.op(".")) {
                switch peek {
                case .name(let name): advance(); expr = .attribute(expr, name)
                case .int(let value): advance(); expr = .item(expr, .literal(.int(value)))
                default: throw error("expected an attribute name after '.'")
                }
            } else if peek == .op("[") {
                advance()
                var parts: [JinjaExpr?] = [nil]
                var colons = 0
                while !accept(.op("]")) {
                    if accept(.op(":")) {
                        colons += 1
                        parts.append(nil)
                        continue
                    }
                    parts[parts.count - 1] = try parseExpression()
                    if peek != .op(":") { try expect(.op("]")); break }
                }
                if colons == 0 {
                    guard let key = parts[0] else { throw error("empty subscript") }
                    expr = .item(expr, key)
                } else {
                    expr = .slice(expr, parts[0], parts.count > 1 ? parts[1] : nil, parts.count > 2 ? parts[2] : nil)
                }
            } else if peek == .op("(") {
                let (args, kwargs, star, doubleStar) = try parseCallArguments()
                expr = .call(expr, arguments: args, keywordArguments: kwargs, star: star, doubleStar: doubleStar)
            } else {
                return expr
            }
        }
    }

    mutating func parseCallArguments() throws(LineageError) -> ([JinjaExpr], [(String, JinjaExpr)], JinjaExpr?, JinjaExpr?) {
        try expect(.op("("))
        var args: [JinjaExpr] = []
        var kwargs: [(String, JinjaExpr)] = []
        var star: JinjaExpr?
        var doubleStar: JinjaExpr?
        while !accept(.op(")")) {
            if accept(.op("**")) {
                doubleStar = try parseExpression()
            } else if accept(.op("*")) {
                star = try parseExpression()
            } else if case .name(let name) = peek, peek(1) == .op("=") {
                advance(); advance()
                kwargs.append((name, try parseExpression()))
            } else {
                args.append(try parseExpression())
            }
            if !accept(.op(",")) { try expect(.op(")")); break }
        }
        return (args, kwargs, star, doubleStar)
    }
}
