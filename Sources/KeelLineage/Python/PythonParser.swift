/// A recursive-descent parser for Python 3 statements and expressions, strict enough to report
/// syntax errors with their line, lenient where the static reader does not need details
/// (function signatures' annotations, `except` clauses, `match` statements).
struct PythonParser {
    private let tokens: [PythonLexer.Token]
    private let file: String
    private var index = 0

    static func parse(_ source: String, file: String) throws(LineageError) -> [PyStmt] {
        var parser = PythonParser(tokens: try PythonLexer.tokenize(source, file: file), file: file)
        var body: [PyStmt] = []
        while parser.peek.kind != .end {
            body += try parser.statement()
        }
        return body
    }

    private init(tokens: [PythonLexer.Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    // MARK: Tokens

    private var peek: PythonLexer.Token { tokens[index] }
    private func peek(_ offset: Int) -> PythonLexer.Token { tokens[min(index + offset, tokens.count - 1)] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func isOp(_ op: String) -> Bool { peek.kind == .op(op) }
    private func isName(_ name: String) -> Bool { peek.kind == .name(name) }

    private mutating func accept(_ op: String) -> Bool {
        if isOp(op) { advance(); return true }
        return false
    }

    private mutating func acceptName(_ name: String) -> Bool {
        if isName(name) { advance(); return true }
        return false
    }

    private func error(_ reason: String) -> LineageError {
        .pythonSyntax(FileLocation(file: file, line: peek.line, column: peek.column), reason: reason)
    }

    private func describe(_ token: PythonLexer.Token) -> String {
        switch token.kind {
        case .name(let name): "'\(name)'"
        case .number(let number): "number \(number)"
        case .string: "string"
        case .op(let op): "'\(op)'"
        case .newline: "end of line"
        case .indent: "indent"
        case .dedent: "dedent"
        case .end: "end of file"
        }
    }

    private mutating func expect(_ op: String) throws(LineageError) {
        guard accept(op) else {
            throw error(peek.kind == .indent ? "unexpected indent" : "expected '\(op)', found \(describe(peek))")
        }
    }

    private mutating func expectName() throws(LineageError) -> String {
        guard case .name(let name) = peek.kind else { throw error("expected a name, found \(describe(peek))") }
        advance()
        return name
    }

    private mutating func endOfStatement() throws(LineageError) {
        if accept(";") { return }
        switch peek.kind {
        case .newline: advance()
        case .end, .dedent: break
        default: throw error("invalid syntax: unexpected \(describe(peek))")
        }
    }

    // MARK: Statements

    private static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    private mutating func statement() throws(LineageError) -> [PyStmt] {
        let line = peek.line
        if peek.kind == .indent { throw error("unexpected indent") }
        if peek.kind == .newline { advance(); return [] }
        if isOp("@") { return [try decorated()] }
        guard case .name(let word) = peek.kind else { return try simpleStatements() }
        var keyword = word
        if word == "async", case .name(let next) = peek(1).kind, ["for", "with", "def"].contains(next) { keyword = next }
        switch keyword {
        case "if":
            advance()
            var branches: [(PyExpr?, [PyStmt])] = []
            let test = try namedExpression()
            try expect(":")
            branches.append((test, try block()))
            while isName("elif") {
                advance()
                let condition = try namedExpression()
                try expect(":")
                branches.append((condition, try block()))
            }
            if acceptName("else") {
                try expect(":")
                branches.append((nil, try block()))
            }
            return [.conditional(branches: branches, line: line)]
        case "for":
            if word == "async" { advance() }
            advance()
            let target = try targetList()
            guard acceptName("in") else { throw error("expected 'in' in for statement, found \(describe(peek))") }
            let iterable = try expressionList()
            try expect(":")
            let body = try block()
            var otherwise: [PyStmt] = []
            if acceptName("else") { try expect(":"); otherwise = try block() }
            return [.loop(target: target, iterable: iterable, body: body, otherwise: otherwise, line: line)]
        case "while":
            advance()
            _ = try namedExpression()
            try expect(":")
            let body = try block()
            if acceptName("else") { try expect(":"); _ = try block() }
            return [.whileLoop(body: body, line: line)]
        case "with":
            if word == "async" { advance() }
            advance()
            var items: [(PyExpr, PyExpr?)] = []
            let parenthesized = isOp("(") && withItemsParenthesized()
            if parenthesized { advance() }
            repeat {
                if parenthesized, isOp(")") { break }
                let context = try expression()
                var alias: PyExpr?
                if acceptName("as") { alias = try target() }
                items.append((context, alias))
            } while accept(",")
            if parenthesized { try expect(")") }
            try expect(":")
            return [.with(items: items, body: try block(), line: line)]
        case "def":
            return [try functionDefinition(decorators: [])]
        case "class":
            advance()
            let name = try expectName()
            try skipToColon()
            return [.classDef(name: name, body: try block(), line: line)]
        case "try":
            advance()
            try expect(":")
            let body = try block()
            var handlers: [[PyStmt]] = []
            var otherwise: [PyStmt] = []
            var finally: [PyStmt] = []
            while isName("except") {
                advance()
                try skipToColon()
                handlers.append(try block())
            }
            if acceptName("else") { try expect(":"); otherwise = try block() }
            if acceptName("finally") { try expect(":"); finally = try block() }
            if handlers.isEmpty && finally.isEmpty { throw error("expected 'except' or 'finally' block") }
            return [.tryBlock(body: body, handlers: handlers, otherwise: otherwise, finally: finally, line: line)]
        case "match" where isSoftKeywordStatement():
            advance()
            try skipToColon()
            try skipBlock()
            return [.other(line: line)]
        default:
            return try simpleStatements()
        }
    }

    /// `match x:` (a statement) rather than `match = …` or `match(x)`: the line ends with a colon.
    private func isSoftKeywordStatement() -> Bool {
        var cursor = index + 1
        var depth = 0
        while cursor < tokens.count {
            switch tokens[cursor].kind {
            case .op("("), .op("["), .op("{"): depth += 1
            case .op(")"), .op("]"), .op("}"): depth -= 1
            case .op(":") where depth == 0: return tokens[cursor + 1].kind == .newline
            case .op("="): if depth == 0 { return false }
            case .newline, .end: return false
            default: break
            }
            cursor += 1
        }
        return false
    }

    /// Whether `with (` opens a parenthesized list of context managers rather than an expression.
    private func withItemsParenthesized() -> Bool {
        var cursor = index + 1
        var depth = 1
        while cursor < tokens.count, depth > 0 {
            switch tokens[cursor].kind {
            case .op("("), .op("["), .op("{"): depth += 1
            case .op(")"), .op("]"), .op("}"): depth -= 1
            case .name("as") where depth == 1: return true
            case .end: return false
            default: break
            }
            cursor += 1
        }
        return tokens[cursor].kind == .op(":") ? false : false
    }

    /// Skips an indented block without parsing it (the body of a `match`, whose patterns the reader does not model).
    private mutating func skipBlock() throws(LineageError) {
        guard peek.kind == .newline else { _ = try simpleStatements(); return }
        advance()
        guard peek.kind == .indent else { throw error("expected an indented block") }
        advance()
        var depth = 1
        while depth > 0 {
            switch peek.kind {
            case .indent: depth += 1
            case .dedent: depth -= 1
            case .end: return
            default: break
            }
            advance()
        }
    }

    private mutating func skipToColon() throws(LineageError) {
        var depth = 0
        while true {
            switch peek.kind {
            case .op("("), .op("["), .op("{"): depth += 1
            case .op(")"), .op("]"), .op("}"): depth -= 1
            case .op(":") where depth == 0:
                advance()
                return
            case .newline, .end:
                throw error("expected ':'")
            default: break
            }
            advance()
        }
    }

    private mutating func decorated() throws(LineageError) -> PyStmt {
        var decorators: [PyExpr] = []
        while accept("@") {
            decorators.append(try namedExpression())
            guard peek.kind == .newline else { throw error("invalid syntax after decorator") }
            advance()
        }
        if isName("def") || (isName("async") && peek(1).kind == .name("def")) {
            return try functionDefinition(decorators: decorators)
        }
        if acceptName("class") {
            let line = peek.line
            let name = try expectName()
            try skipToColon()
            return .classDef(name: name, body: try block(), line: line)
        }
        throw error("expected 'def' or 'class' after decorator")
    }

    private mutating func functionDefinition(decorators: [PyExpr]) throws(LineageError) -> PyStmt {
        let line = peek.line
        if isName("async") { advance() }
        advance()   // def
        let name = try expectName()
        try expect("(")
        var parameters: [PyParameter] = []
        while !accept(")") {
            var star = 0
            if accept("**") { star = 2 } else if accept("*") { star = 1 } else if accept("/") { _ = accept(","); continue }
            if star == 1, isOp(",") { advance(); continue }
            let parameter = try expectName()
            if accept(":") { _ = try expression() }
            var defaultValue: PyExpr?
            if accept("=") { defaultValue = try expression() }
            parameters.append(PyParameter(name: parameter, defaultValue: defaultValue, star: star))
            if !accept(",") { try expect(")"); break }
        }
        if accept("->") { _ = try expression() }
        try expect(":")
        return .function(name: name, parameters: parameters, decorators: decorators, body: try block(), line: line)
    }

    /// The body of a compound statement: an indented block, or simple statements on the same line.
    private mutating func block() throws(LineageError) -> [PyStmt] {
        if peek.kind == .newline {
            advance()
            guard peek.kind == .indent else { throw error("expected an indented block") }
            advance()
            var body: [PyStmt] = []
            while peek.kind != .dedent && peek.kind != .end {
                body += try statement()
            }
            if peek.kind == .dedent { advance() }
            return body
        }
        return try simpleStatements()
    }

    private mutating func simpleStatements() throws(LineageError) -> [PyStmt] {
        var result: [PyStmt] = []
        while true {
            result.append(try simpleStatement())
            if accept(";") {
                if peek.kind == .newline { advance(); break }
                continue
            }
            try endOfStatement()
            break
        }
        return result
    }

    private mutating func simpleStatement() throws(LineageError) -> PyStmt {
        let line = peek.line
        if case .name(let word) = peek.kind {
            switch word {
            case "pass", "break", "continue":
                advance()
                return .other(line: line)
            case "return":
                advance()
                if peek.kind == .newline || isOp(";") || peek.kind == .end { return .returnValue(nil, line: line) }
                return .returnValue(try expressionList(), line: line)
            case "import":
                advance()
                var names: [(String, String?)] = []
                repeat {
                    let module = try dottedName()
                    var alias: String?
                    if acceptName("as") { alias = try expectName() }
                    names.append((module, alias))
                } while accept(",")
                return .importNames(names, line: line)
            case "from":
                advance()
                var module = ""
                while isOp(".") || isOp("...") { module += isOp("...") ? "..." : "."; advance() }
                if !isName("import") { module += try dottedName() }
                guard acceptName("import") else { throw error("expected 'import', found \(describe(peek))") }
                var names: [(String, String?)] = []
                let parenthesized = accept("(")
                repeat {
                    if parenthesized, isOp(")") { break }
                    if accept("*") { names.append(("*", nil)); continue }
                    let name = try expectName()
                    var alias: String?
                    if acceptName("as") { alias = try expectName() }
                    names.append((name, alias))
                } while accept(",")
                if parenthesized { try expect(")") }
                return .importFrom(module: module, names: names, line: line)
            case "raise", "del", "assert", "global", "nonlocal":
                advance()
                if peek.kind != .newline, !isOp(";"), peek.kind != .end {
                    _ = try expressionList()
                    if acceptName("from") { _ = try expression() }
                    if accept(",") { _ = try expression() }
                }
                return .other(line: line)
            default:
                break
            }
        }
        let first = try starExpressionList()
        if accept(":") {
            _ = try expression()   // annotation
            if accept("=") { return .assign(targets: [first], value: try assignedValue(), line: line) }
            return .other(line: line)
        }
        if case .op(let op) = peek.kind, op.count >= 2, op.hasSuffix("="), !["==", "<=", ">=", "!="].contains(op) {
            advance()
            return .augmentedAssign(first, op: String(op.dropLast()), value: try assignedValue(), line: line)
        }
        if isOp("=") {
            var targets = [first]
            var value = first
            while accept("=") {
                value = try assignedValue()
                targets.append(value)
            }
            targets.removeLast()
            return .assign(targets: targets, value: value, line: line)
        }
        return .expression(first, line: line)
    }

    private mutating func assignedValue() throws(LineageError) -> PyExpr {
        if isName("yield") { advance(); if peek.kind != .newline { _ = try expressionList() }; return .yield }
        return try starExpressionList()
    }

    private mutating func dottedName() throws(LineageError) -> String {
        var name = try expectName()
        while accept(".") { name += "." + (try expectName()) }
        return name
    }

    // MARK: Expressions

    private mutating func targetList() throws(LineageError) -> PyExpr {
        var items = [try target()]
        var trailing = false
        while accept(",") {
            if isName("in") || isOp("=") { trailing = true; break }
            items.append(try target())
        }
        return items.count == 1 && !trailing ? items[0] : .tuple(items)
    }

    private mutating func target() throws(LineageError) -> PyExpr {
        if accept("*") { return .starred(try bitOr()) }
        return try bitOr()
    }

    private mutating func starExpressionList() throws(LineageError) -> PyExpr {
        var items: [PyExpr] = []
        var sawComma = false
        repeat {
            if peek.kind == .newline || isOp("=") || isOp(")") || peek.kind == .end { break }
            if accept("*") { items.append(.starred(try bitOr())) } else { items.append(try namedExpression()) }
            if isOp(",") { sawComma = true }
        } while accept(",")
        guard !items.isEmpty else { throw error("invalid syntax: expected an expression, found \(describe(peek))") }
        return items.count == 1 && !sawComma ? items[0] : .tuple(items)
    }

    private mutating func expressionList() throws(LineageError) -> PyExpr {
        try starExpressionList()
    }

    private mutating func namedExpression() throws(LineageError) -> PyExpr {
        if case .name = peek.kind, peek(1).kind == .op(":=") {
            advance(); advance()
            return try expression()
        }
        return try expression()
    }

    mutating func expression() throws(LineageError) -> PyExpr {
        if acceptName("lambda") {
            try skipLambdaParameters()
            _ = try expression()
            return .lambda
        }
        if isName("yield") {
            advance()
            if acceptName("from") { _ = try expression() } else if !isOp(")") && peek.kind != .newline { _ = try expressionList() }
            return .yield
        }
        let body = try orTest()
        if acceptName("if") {
            let test = try orTest()
            guard acceptName("else") else { throw error("expected 'else' after 'if' expression") }
            return .conditional(body, test: test, otherwise: try expression())
        }
        return body
    }

    private mutating func skipLambdaParameters() throws(LineageError) {
        var depth = 0
        while true {
            switch peek.kind {
            case .op("("), .op("["), .op("{"): depth += 1
            case .op(")"), .op("]"), .op("}"): depth -= 1
            case .op(":") where depth == 0:
                advance()
                return
            case .newline, .end: throw error("expected ':' in lambda")
            default: break
            }
            advance()
        }
    }

    private mutating func orTest() throws(LineageError) -> PyExpr {
        var left = try andTest()
        while acceptName("or") { left = .boolean("or", left, try andTest()) }
        return left
    }

    private mutating func andTest() throws(LineageError) -> PyExpr {
        var left = try notTest()
        while acceptName("and") { left = .boolean("and", left, try notTest()) }
        return left
    }

    private mutating func notTest() throws(LineageError) -> PyExpr {
        if acceptName("not") { return .unary("not", try notTest()) }
        return try comparison()
    }

    private mutating func comparison() throws(LineageError) -> PyExpr {
        let left = try bitOr()
        var rest: [(String, PyExpr)] = []
        while true {
            var op: String?
            switch peek.kind {
            case .op(let symbol) where ["<", ">", "==", ">=", "<=", "!="].contains(symbol):
                op = symbol
                advance()
            case .name("in"):
                op = "in"
                advance()
            case .name("not") where peek(1).kind == .name("in"):
                op = "not in"
                advance(); advance()
            case .name("is"):
                advance()
                op = acceptName("not") ? "is not" : "is"
            default:
                break
            }
            guard let op else { break }
            rest.append((op, try bitOr()))
        }
        return rest.isEmpty ? left : .compare(left, rest)
    }

    private mutating func binaryLevel(_ ops: [String], _ next: (inout PythonParser) throws(LineageError) -> PyExpr) throws(LineageError) -> PyExpr {
        var left = try next(&self)
        while case .op(let op) = peek.kind, ops.contains(op) {
            let line = peek.line
            advance()
            left = .binary(op, left, try next(&self), line: line)
        }
        return left
    }

    private mutating func bitOr() throws(LineageError) -> PyExpr { try binaryLevel(["|"]) { (parser: inout PythonParser) throws(LineageError) in try parser.bitXor() } }
    private mutating func bitXor() throws(LineageError) -> PyExpr { try binaryLevel(["^"]) { (parser: inout PythonParser) throws(LineageError) in try parser.bitAnd() } }
    private mutating func bitAnd() throws(LineageError) -> PyExpr { try binaryLevel(["&"]) { (parser: inout PythonParser) throws(LineageError) in try parser.shift() } }
    private mutating func shift() throws(LineageError) -> PyExpr { try binaryLevel([">>", "<<"]) { (parser: inout PythonParser) throws(LineageError) in try parser.arithmetic() } }
    private mutating func arithmetic() throws(LineageError) -> PyExpr { try binaryLevel(["+", "-"]) { (parser: inout PythonParser) throws(LineageError) in try parser.term() } }
    private mutating func term() throws(LineageError) -> PyExpr { try binaryLevel(["*", "/", "//", "%", "@"]) { (parser: inout PythonParser) throws(LineageError) in try parser.factor() } }

    private mutating func factor() throws(LineageError) -> PyExpr {
        if case .op(let op) = peek.kind, ["+", "-", "~"].contains(op) {
            advance()
            return .unary(op, try factor())
        }
        return try power()
    }

    private mutating func power() throws(LineageError) -> PyExpr {
        var base: PyExpr
        if acceptName("await") { base = .await(try primary()) } else { base = try primary() }
        if accept("**") { base = .binary("**", base, try factor(), line: peek.line) }
        return base
    }

    private mutating func primary() throws(LineageError) -> PyExpr {
        var expr = try atom()
        while true {
            if accept(".") {
                expr = .attribute(expr, try expectName())
            } else if isOp("(") {
                let line = peek.line
                advance()
                expr = .call(expr, try arguments(), line: line)
            } else if accept("[") {
                expr = .index(expr, try subscriptList())
                try expect("]")
            } else {
                return expr
            }
        }
    }

    private mutating func subscriptList() throws(LineageError) -> PyExpr {
        var items: [PyExpr] = []
        var isSlice = false
        repeat {
            if isOp("]") { break }
            var item: PyExpr?
            if !isOp(":") { item = try namedExpression() }
            if accept(":") {
                isSlice = true
                if !isOp("]") && !isOp(":") && !isOp(",") { _ = try expression() }
                if accept(":"), !isOp("]") && !isOp(",") { _ = try expression() }
            }
            items.append(item ?? .slice)
        } while accept(",")
        if isSlice { return .slice }
        return items.count == 1 ? items[0] : .tuple(items)
    }

    private mutating func arguments() throws(LineageError) -> [PyArgument] {
        var result: [PyArgument] = []
        while !accept(")") {
            if accept("**") {
                result.append(PyArgument(name: nil, value: try expression(), star: 2))
            } else if accept("*") {
                result.append(PyArgument(name: nil, value: try expression(), star: 1))
            } else if case .name(let name) = peek.kind, peek(1).kind == .op("="), !Self.keywords.contains(name) {
                advance(); advance()
                result.append(PyArgument(name: name, value: try expression(), star: 0))
            } else {
                let value = try namedExpression()
                if isName("for") || (isName("async") && peek(1).kind == .name("for")) {
                    result.append(PyArgument(name: nil, value: try comprehension(kind: "generator", element: value, value: nil), star: 0))
                } else {
                    result.append(PyArgument(name: nil, value: value, star: 0))
                }
            }
            if !accept(",") {
                guard accept(")") else { throw error("invalid syntax in call: expected ',' or ')', found \(describe(peek))") }
                break
            }
        }
        return result
    }

    private mutating func comprehension(kind: String, element: PyExpr, value: PyExpr?) throws(LineageError) -> PyExpr {
        var clauses: [(target: PyExpr, iterable: PyExpr, conditions: [PyExpr])] = []
        while isName("for") || (isName("async") && peek(1).kind == .name("for")) {
            if isName("async") { advance() }
            advance()
            let target = try targetList()
            guard acceptName("in") else { throw error("expected 'in' in comprehension, found \(describe(peek))") }
            let iterable = try orTest()
            var conditions: [PyExpr] = []
            while acceptName("if") { conditions.append(try orTestNoConditional()) }
            clauses.append((target, iterable, conditions))
        }
        return .comprehension(kind: kind, element: element, value: value, clauses: clauses)
    }

    private mutating func orTestNoConditional() throws(LineageError) -> PyExpr { try orTest() }

    private mutating func atom() throws(LineageError) -> PyExpr {
        let token = peek
        switch token.kind {
        case .name(let name):
            if ["True", "False", "None"].contains(name) { advance(); return .constant(name) }
            if Self.keywords.contains(name) { throw error("invalid syntax: unexpected keyword '\(name)'") }
            advance()
            return .name(name, line: token.line)
        case .number(let number):
            advance()
            return .number(number)
        case .string(var value, var formatted):
            advance()
            while case .string(let more, let moreFormatted) = peek.kind {
                value += more
                formatted = formatted || moreFormatted
                advance()
            }
            return .string(value, formatted: formatted, line: token.line)
        case .op("..."):
            advance()
            return .constant("...")
        case .op("("):
            advance()
            if accept(")") { return .tuple([]) }
            if isName("yield") { let value = try expression(); try expect(")"); return value }
            let first: PyExpr = accept("*") ? .starred(try bitOr()) : try namedExpression()
            if isName("for") || (isName("async") && peek(1).kind == .name("for")) {
                let result = try comprehension(kind: "generator", element: first, value: nil)
                try expect(")")
                return result
            }
            if accept(")") { return first }
            var items = [first]
            while accept(",") {
                if isOp(")") { break }
                items.append(accept("*") ? .starred(try bitOr()) : try namedExpression())
            }
            try expect(")")
            return .tuple(items)
        case .op("["):
            advance()
            var items: [PyExpr] = []
            while !accept("]") {
                let item: PyExpr = accept("*") ? .starred(try bitOr()) : try namedExpression()
                if items.isEmpty, isName("for") || (isName("async") && peek(1).kind == .name("for")) {
                    let result = try comprehension(kind: "list", element: item, value: nil)
                    try expect("]")
                    return result
                }
                items.append(item)
                if !accept(",") { try expect("]"); break }
            }
            return .list(items)
        case .op("{"):
            advance()
            var pairs: [(PyExpr?, PyExpr)] = []
            var elements: [PyExpr] = []
            var isSet = false
            while !accept("}") {
                if accept("**") {
                    pairs.append((nil, try bitOr()))
                } else {
                    let key: PyExpr = accept("*") ? .starred(try bitOr()) : try namedExpression()
                    if accept(":") {
                        let value = try expression()
                        if pairs.isEmpty, isName("for") || (isName("async") && peek(1).kind == .name("for")) {
                            let result = try comprehension(kind: "dict", element: key, value: value)
                            try expect("}")
                            return result
                        }
                        pairs.append((key, value))
                    } else {
                        isSet = true
                        if elements.isEmpty, isName("for") || (isName("async") && peek(1).kind == .name("for")) {
                            let result = try comprehension(kind: "set", element: key, value: nil)
                            try expect("}")
                            return result
                        }
                        elements.append(key)
                    }
                }
                if !accept(",") { try expect("}"); break }
            }
            return isSet ? .set(elements) : .dict(pairs)
        case .indent:
            throw error("unexpected indent")
        default:
            throw error("invalid syntax: unexpected \(describe(token))")
        }
    }
}
