extension Parser {
    // MARK: - Transactions

    mutating func parseTransaction() throws(ParseFailure) -> Statement.Kind {
        let first = current
        advance()
        switch first.keyword {
        case .begin, .start:
            if first.keyword == .start { try expect(.transaction) } else { _ = accept(.work) || accept(.transaction) }
            return .transaction(TransactionStatement(kind: .begin, modes: restWords()))
        case .commit, .end:
            if first.keyword == .commit, accept(.prepared) {
                return .transaction(TransactionStatement(kind: .commitPrepared, name: try transactionName()))
            }
            _ = accept(.work) || accept(.transaction)
            return .transaction(TransactionStatement(kind: .commit, modes: restWords()))
        case .rollback, .abort:
            if first.keyword == .rollback, accept(.prepared) {
                return .transaction(TransactionStatement(kind: .rollbackPrepared, name: try transactionName()))
            }
            _ = accept(.work) || accept(.transaction)
            if accept(.to) {
                _ = accept(.savepoint)
                return .transaction(TransactionStatement(kind: .rollbackToSavepoint, name: try parseName().value))
            }
            return .transaction(TransactionStatement(kind: .rollback, modes: restWords()))
        case .savepoint:
            return .transaction(TransactionStatement(kind: .savepoint, name: try parseName().value))
        case .release:
            _ = accept(.savepoint)
            return .transaction(TransactionStatement(kind: .releaseSavepoint, name: try parseName().value))
        default:
            throw failure(expected: ["a transaction command"])
        }
    }

    mutating func transactionName() throws(ParseFailure) -> String {
        guard isStringToken(current) else { throw failure(expected: ["a string"]) }
        let value = stringValue(current)
        advance()
        return value
    }

    /// The remaining tokens as upper-case words, for transaction modes.
    mutating func restWords() -> [String] {
        var modes: [String] = []
        var currentMode: [String] = []
        while !atEnd {
            if isKind(.comma) {
                if !currentMode.isEmpty { modes.append(currentMode.joined(separator: " ")) }
                currentMode = []
            } else {
                currentMode.append(current.kind == .word ? lowerText(current).uppercased() : text(current))
            }
            advance()
        }
        if !currentMode.isEmpty { modes.append(currentMode.joined(separator: " ")) }
        return modes
    }

    mutating func parsePrepare() throws(ParseFailure) -> Statement.Kind {
        try expect(.prepare)
        if accept(.transaction) {
            return .transaction(TransactionStatement(kind: .prepareTransaction, name: try transactionName()))
        }
        index = limit
        return .other(OtherStatement(kind: "PREPARE"))
    }

    // MARK: - SET / RESET

    mutating func parseSet() throws(ParseFailure) -> Statement.Kind {
        try expect(.set)
        var command = "SET"
        if accept(.local) { command = "SET LOCAL" } else if accept(.session) {
            if isKeyword(.authorization) || isKeyword(.characteristics) {
                index -= 1
            } else {
                command = "SET SESSION"
            }
        }
        // Multi-word parameters.
        if accept(.time, .zone) {
            return .set(try parseSetValues(command: command, parameter: "time zone", needsAssignment: false))
        }
        if accept(.session, .authorization) {
            return .set(try parseSetValues(command: command, parameter: "session authorization", needsAssignment: false))
        }
        if accept(.session, .characteristics) {
            _ = accept(.as)
            _ = accept(.transaction)
            return .set(SetStatement(command: command, parameter: "session characteristics", values: restWords()))
        }
        if accept(.transaction) {
            return .set(SetStatement(command: command, parameter: "transaction", values: restWords()))
        }
        if accept(.constraints) {
            return .set(SetStatement(command: command, parameter: "constraints", values: restWords()))
        }
        if accept(.role) {
            return .set(try parseSetValues(command: command, parameter: "role", needsAssignment: false))
        }
        if accept(.names) {
            return .set(try parseSetValues(command: command, parameter: "names", needsAssignment: false))
        }
        let parameter = try parseObjectName(allowReserved: true)
        let parameterName = parameter.parts.map(\.value).joined(separator: ".")
        return .set(try parseSetValues(command: command, parameter: parameterName, needsAssignment: true))
    }

    mutating func parseSetValues(command: String, parameter: String, needsAssignment: Bool) throws(ParseFailure) -> SetStatement {
        if needsAssignment {
            guard accept(.to) || acceptOperator("=") else { throw failure(expected: ["TO", "\"=\""]) }
        }
        var statement = SetStatement(command: command, parameter: parameter)
        if accept(.default) {
            statement.isDefault = true
            return statement
        }
        var values: [String] = []
        var valueStart = current.start
        var sawToken = false
        while !atEnd {
            if isKind(.comma) {
                values.append(text(from: valueStart, to: previous.end))
                advance()
                valueStart = current.start
                sawToken = false
                continue
            }
            sawToken = true
            advance()
        }
        if sawToken { values.append(text(from: valueStart, to: previous.end)) }
        if values.isEmpty { throw failure(expected: ["a value"]) }
        statement.values = values
        return statement
    }

    mutating func parseReset() throws(ParseFailure) -> Statement.Kind {
        try expect(.reset)
        if accept(.time, .zone) { return .set(SetStatement(command: "RESET", parameter: "time zone")) }
        if accept(.session, .authorization) { return .set(SetStatement(command: "RESET", parameter: "session authorization")) }
        if accept(.all) { return .set(SetStatement(command: "RESET", parameter: "all")) }
        let parameter = try parseObjectName(allowReserved: true)
        return .set(SetStatement(command: "RESET", parameter: parameter.parts.map(\.value).joined(separator: ".")))
    }

    // MARK: - Maintenance

    /// `VACUUM`, `ANALYZE`, `REINDEX`, `CLUSTER`.
    mutating func parseMaintenance() throws(ParseFailure) -> Statement.Kind {
        let first = current
        advance()
        var command = lowerText(first).uppercased()
        if command == "ANALYSE" { command = "ANALYZE" }
        var statement = Maintenance(command: command)
        if isKind(.leftParen) {
            let inner = try skipParenthesized()
            statement.options = inner.split(separator: ",").map { $0.trimmingWhitespace().uppercased() }
        }
        let flagWords: Set<Keyword> = [.full, .freeze, .verbose, .analyze, .analyse, .concurrently]
        while let keyword = current.keyword, flagWords.contains(keyword) {
            statement.options.append(keyword == .analyse ? "ANALYZE" : keyword.rawValue.uppercased())
            advance()
        }
        if command == "REINDEX" {
            guard let kind = current.keyword, [.index, .table, .schema, .database, .system].contains(kind) else {
                throw failure(expected: ["INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM"])
            }
            statement.targetKind = kind.rawValue.uppercased()
            advance()
            if accept(.concurrently) { statement.options.append("CONCURRENTLY") }
            if !atEnd { statement.targets.append(MaintenanceTarget(name: try parseObjectName())) }
            return .maintenance(statement)
        }
        if command == "CLUSTER" {
            if !atEnd {
                statement.targets.append(MaintenanceTarget(name: try parseObjectName()))
                if accept(.using) { statement.usingIndex = try parseName() }
                // Old form: CLUSTER index ON table.
                if accept(.on) {
                    statement.usingIndex = statement.targets.first?.name.name
                    statement.targets = [MaintenanceTarget(name: try parseObjectName())]
                }
            }
            return .maintenance(statement)
        }
        if !atEnd {
            repeat {
                let name = try parseObjectName()
                var columns: [Name] = []
                if isKind(.leftParen) { columns = try parseNameList() }
                statement.targets.append(MaintenanceTarget(name: name, columns: columns))
            } while accept(.comma)
        }
        return .maintenance(statement)
    }

    mutating func parseRefresh() throws(ParseFailure) -> Statement.Kind {
        try expect(.refresh)
        try expect(.materialized)
        try expect(.view)
        let concurrently = accept(.concurrently)
        let name = try parseObjectName()
        var withData = true
        if accept(.with) {
            withData = !accept(.no)
            try expect(.data)
        }
        return .refreshMaterializedView(RefreshMaterializedView(name: name, concurrently: concurrently, withData: withData))
    }

    mutating func parseExplain() throws(ParseFailure) -> Statement.Kind {
        let start = current
        try enter()
        defer { leave() }
        try expect(.explain)
        var options: [String] = []
        if isKind(.leftParen) { options.append(try skipParenthesized()) }
        while let keyword = current.keyword, keyword == .analyze || keyword == .analyse || keyword == .verbose {
            options.append(keyword.rawValue.uppercased())
            advance()
        }
        let inner = try parseStatement()
        _ = start
        return .explain(inner, options: options.isEmpty ? nil : options.joined(separator: " "))
    }

    // MARK: - CREATE FUNCTION / PROCEDURE

    mutating func parseCreateFunction(_ prefix: CreatePrefix) throws(ParseFailure) -> Statement.Kind {
        let isProcedure = isKeyword(.procedure)
        advance()
        let name = try parseObjectName()
        var function = CreateFunction(orReplace: prefix.orReplace, isProcedure: isProcedure, name: name)
        try expect(.leftParen)
        if !isKind(.rightParen) {
            repeat { function.parameters.append(try parseFunctionParameter()) } while accept(.comma)
        }
        try expect(.rightParen)
        if accept(.returns) {
            if accept(.table) {
                function.returnsTable = try parseColumnDefinitionList()
            } else {
                function.returnType = try parseType()
            }
        }
        while !atEnd {
            let optionStart = current
            if accept(.as) {
                guard isStringToken(current) else { throw failure(expected: ["the function body"]) }
                let body = current
                function.body = stringValue(body)
                function.bodyRange = body.range
                advance()
                // C functions: AS 'obj_file', 'link_symbol'.
                if accept(.comma), isStringToken(current) { advance() }
            } else if accept(.language) {
                function.language = isStringToken(current) ? stringValue(current).lowercased() : lowerText(current)
                advance()
            } else if isKeyword(.begin), peek().keyword == .atomic {
                // SQL-standard body: keep BEGIN ATOMIC … END verbatim.
                let bodyStart = current
                index = limit
                function.body = text(from: bodyStart.start, to: previous.end)
                function.bodyRange = range(from: bodyStart)
            } else if accept(.return) {
                let bodyStart = optionStart
                _ = try parseExpression()
                function.body = text(from: bodyStart.start, to: previous.end)
                function.bodyRange = range(from: bodyStart)
            } else if accept(.set) {
                var words = ["SET"]
                while !atEnd, !Self.functionOptionStarts.contains(current.keyword ?? .abort) || isKeyword(.to) {
                    words.append(text(current))
                    advance()
                }
                function.options.append(words.joined(separator: " "))
            } else if current.kind == .word {
                var words = [lowerText(current).uppercased()]
                advance()
                while !atEnd, current.kind != .word || !Self.functionOptionStarts.contains(current.keyword ?? .abort) {
                    words.append(current.kind == .word ? lowerText(current).uppercased() : text(current))
                    advance()
                }
                function.options.append(words.joined(separator: " "))
            } else {
                throw failure(expected: ["a function option"])
            }
        }
        return .createFunction(function)
    }

    static let functionOptionStarts: Set<Keyword> = [
        .as, .language, .immutable, .stable, .volatile, .strict, .called, .returns, .security, .external, .leakproof,
        .not, .parallel, .cost, .rows, .support, .set, .window, .transform, .begin, .return,
    ]

    /// `[IN|OUT|INOUT|VARIADIC] [name] type [DEFAULT expr | = expr]`.
    mutating func parseFunctionParameter() throws(ParseFailure) -> FunctionParameter {
        var mode: String?
        if let keyword = current.keyword, [.in, .out, .inout, .variadic].contains(keyword) {
            // `out` could also be a parameter name followed by its type, but that is vanishingly rare.
            mode = keyword.rawValue.uppercased()
            advance()
        }
        var parameterName: Name?
        // A name is present when two type-ish things follow: `p_film_id integer`.
        if isName(current), startsTypeAfterName() {
            parameterName = try parseName()
        }
        var parameter = FunctionParameter(mode: mode, name: parameterName, type: try parseType())
        if accept(.default) || acceptOperator("=") {
            parameter.defaultValue = try parseExpression()
        }
        return parameter
    }

    /// Whether the current word is a parameter name (followed by a type) rather than a type.
    func startsTypeAfterName() -> Bool {
        let next = peek()
        switch next.kind {
        case .word, .quotedIdentifier:
            // `double precision`, `character varying`, `timestamp with time zone`: the second word belongs to the type.
            if let keyword = current.keyword {
                if keyword == .double && next.keyword == .precision { return false }
                if (keyword == .character || keyword == .char || keyword == .bit) && next.keyword == .varying { return false }
                if (keyword == .timestamp || keyword == .time) && (next.keyword == .with || next.keyword == .without) { return false }
            }
            if next.keyword == .default { return false }
            return true
        default:
            return false
        }
    }

    // MARK: - CREATE TRIGGER

    mutating func parseCreateTrigger(_ prefix: CreatePrefix) throws(ParseFailure) -> Statement.Kind {
        try expect(.trigger)
        let name = try parseName()
        var timing: String
        if accept(.before) { timing = "BEFORE" } else if accept(.after) { timing = "AFTER" } else {
            try expect(.instead)
            try expect(.of)
            timing = "INSTEAD OF"
        }
        var events: [TriggerEvent] = []
        repeat {
            guard let keyword = current.keyword, [.insert, .update, .delete, .truncate].contains(keyword) else {
                throw failure(expected: ["INSERT", "UPDATE", "DELETE", "TRUNCATE"])
            }
            advance()
            var event = TriggerEvent(event: keyword.rawValue.uppercased())
            if keyword == .update, accept(.of) {
                repeat { event.columns.append(try parseName()) } while accept(.comma)
            }
            events.append(event)
        } while accept(.or)
        try expect(.on)
        let table = try parseObjectName()
        var trigger = CreateTrigger(
            orReplace: prefix.orReplace, isConstraint: prefix.constraint, name: name, timing: timing, events: events,
            table: table, function: ObjectName([]))
        while !atEnd, !isKeyword(.execute) {
            if accept(.for) {
                _ = accept(.each)
                if accept(.row) { trigger.forEachRow = true } else { try expect(.statement) }
            } else if accept(.when) {
                try expect(.leftParen)
                trigger.when = try parseExpression()
                try expect(.rightParen)
            } else {
                // FROM table, DEFERRABLE …, REFERENCING OLD TABLE AS x …
                let clauseStart = current
                advance()
                while !atEnd, !(isKeyword(.for) || isKeyword(.when) || isKeyword(.execute) || isKeyword(.referencing)
                    || isKeyword(.from) || isKeyword(.deferrable) || isKeyword(.not) || isKeyword(.initially)) {
                    advance()
                }
                trigger.otherClauses.append(text(from: clauseStart.start, to: previous.end))
            }
        }
        try expect(.execute)
        guard accept(.function) || accept(.procedure) else { throw failure(expected: ["FUNCTION", "PROCEDURE"]) }
        trigger.function = try parseObjectName()
        try expect(.leftParen)
        if !isKind(.rightParen) {
            repeat {
                let argumentStart = current
                var level = 0
                while !atEnd {
                    if isKind(.leftParen) { level += 1 }
                    if isKind(.rightParen) { if level == 0 { break }; level -= 1 }
                    if isKind(.comma), level == 0 { break }
                    advance()
                }
                guard index > 0, previous.end > argumentStart.start else { throw failure(expected: ["an argument"]) }
                trigger.arguments.append(text(from: argumentStart.start, to: previous.end))
            } while accept(.comma)
        }
        try expect(.rightParen)
        return .createTrigger(trigger)
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
