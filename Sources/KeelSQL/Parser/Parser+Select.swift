extension Parser {
    // MARK: - Queries

    /// Parses a query: `[WITH …] body [ORDER BY] [LIMIT] [OFFSET] [FETCH] [FOR UPDATE]`.
    @inline(never)
    mutating func parseQuery() throws(ParseFailure) -> Query {
        let start = current
        try enter()
        defer { leave() }
        var with: WithClause?
        if isKeyword(.with) { with = try parseWithClause() }
        return try parseQuery(with: with, start: start.range)
    }

    mutating func parseQuery(with: WithClause?, start: SourceRange) throws(ParseFailure) -> Query {
        let body = try parseSetOperation(minPrecedence: 1)
        var query = Query(with: with, body: body)
        try parseQueryTail(&query)
        query.range = range(from: start)
        return query
    }

    /// ORDER BY, LIMIT, OFFSET, FETCH and locking clauses, in any order PostgreSQL accepts.
    @inline(never)
    mutating func parseQueryTail(_ query: inout Query) throws(ParseFailure) {
        while true {
            if isKeyword(.order), peek().keyword == .by {
                advance(); advance()
                query.orderBy = try parseOrderItems()
            } else if accept(.limit) {
                var limit = query.limit ?? Limit()
                if accept(.all) { limit.limitAll = true } else { limit.count = try parseExpression() }
                if accept(.comma) {
                    // MySQL LIMIT offset, count.
                    limit.offset = limit.count
                    limit.count = try parseExpression()
                }
                query.limit = limit
            } else if accept(.offset) {
                var limit = query.limit ?? Limit()
                limit.offset = try parseExpression()
                _ = accept(.row) || accept(.rows)
                query.limit = limit
            } else if accept(.fetch) {
                var limit = query.limit ?? Limit()
                guard accept(.first) || accept(.next) else { throw failure(expected: ["FIRST", "NEXT"]) }
                limit.isFetch = true
                if !(isKeyword(.row) || isKeyword(.rows)) {
                    limit.count = try parseBinary(minPrecedence: Precedence.unary)
                } else {
                    limit.count = SQLExpression(.literal(.number("1")), range: current.range)
                }
                guard accept(.row) || accept(.rows) else { throw failure(expected: ["ROWS"]) }
                if accept(.with, .ties) { limit.withTies = true } else { try expect(.only) }
                query.limit = limit
            } else if isKeyword(.for), [.update, .no, .share, .key].contains(peek().keyword) {
                advance()
                var strength: String
                if accept(.update) { strength = "UPDATE" }
                else if accept(.no, .key, .update) { strength = "NO KEY UPDATE" }
                else if accept(.share) { strength = "SHARE" }
                else if accept(.key, .share) { strength = "KEY SHARE" }
                else { throw failure(expected: ["UPDATE", "SHARE"]) }
                var clause = LockingClause(strength: strength)
                if accept(.of) {
                    repeat { clause.tables.append(try parseObjectName()) } while accept(.comma)
                }
                if accept(.nowait) { clause.waitPolicy = "NOWAIT" }
                else if accept(.skip, .locked) { clause.waitPolicy = "SKIP LOCKED" }
                query.locking.append(clause)
                strength = ""
            } else {
                return
            }
        }
    }

    /// UNION and EXCEPT bind looser than INTERSECT.
    @inline(never)
    mutating func parseSetOperation(minPrecedence: Int) throws(ParseFailure) -> QueryBody {
        var left = try parseQueryPrimary()
        var links = 0
        while true {
            let op: SetOperation.Operator
            let precedence: Int
            switch current.keyword {
            case .union: op = .union; precedence = 1
            case .except: op = .except; precedence = 1
            case .intersect: op = .intersect; precedence = 2
            default: return left
            }
            if precedence < minPrecedence { return left }
            links += 1
            if links > maximumChain { throw tooDeep() }
            advance()
            let all = accept(.all)
            let distinct = !all && accept(.distinct)
            // BigQuery `UNION ALL BY NAME` / `CORRESPONDING` are not modeled.
            let right = try parseSetOperation(minPrecedence: precedence + 1)
            left = .setOperation(SetOperation(op: op, all: all, distinct: distinct, left: left, right: right))
        }
    }

    mutating func parseQueryPrimary() throws(ParseFailure) -> QueryBody {
        let start = current
        switch start.kind {
        case .leftParen:
            try enter()
            defer { leave() }
            advance()
            let inner = try parseQuery()
            try expect(.rightParen)
            return .nested(inner)
        case .word:
            switch start.keyword {
            case .select: return .select(try parseSelect())
            case .values: return .values(try parseValues())
            case .table:
                advance()
                let only = accept(.only)
                let name = try parseObjectName()
                return .table(TableRef(name: name, only: only, range: range(from: start)))
            case .with:
                // `(WITH …)` nested: handled by parseQuery; a bare WITH here is a nested query body.
                let query = try parseQuery()
                return .nested(query)
            default:
                break
            }
        default:
            break
        }
        throw failure(expected: ["SELECT", "VALUES", "\"(\""])
    }

    /// `VALUES (…), (…)`.
    @inline(never)
    mutating func parseValues() throws(ParseFailure) -> Values {
        let start = current
        try expect(.values)
        var rows: [[SQLExpression]] = []
        repeat {
            try expect(.leftParen)
            var row: [SQLExpression] = []
            repeat { row.append(try parseExpression()) } while accept(.comma)
            try expect(.rightParen)
            rows.append(row)
        } while accept(.comma)
        return Values(rows: rows, range: range(from: start))
    }

    /// `WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (statement), …`.
    @inline(never)
    mutating func parseWithClause() throws(ParseFailure) -> WithClause {
        let start = current
        try expect(.with)
        let recursive = accept(.recursive)
        var ctes: [CommonTableExpression] = []
        repeat {
            let cteStart = current
            let name = try parseName(what: "a CTE name")
            var columns: [Name] = []
            if isKind(.leftParen) { columns = try parseNameList() }
            try expect(.as)
            var materialized: Bool?
            if accept(.materialized) { materialized = true } else if accept(.not, .materialized) { materialized = false }
            try expect(.leftParen)
            try enter()
            let statementStart = current
            let kind: Statement.Kind
            switch current.keyword {
            case .insert: kind = .insert(try parseInsert(with: nil))
            case .update: kind = .update(try parseUpdate(with: nil))
            case .delete: kind = .delete(try parseDelete(with: nil))
            case .merge: kind = .merge(try parseMerge(with: nil))
            default: kind = .query(try parseQuery())
            }
            leave()
            let statement = Statement(kind, range: range(from: statementStart))
            try expect(.rightParen)
            var searchCycle: String?
            if isKeyword(.search) || isKeyword(.cycle) {
                let clauseStart = current.start
                while !atEnd, !isKind(.comma), !(isKeyword(.select) || isKeyword(.insert) || isKeyword(.update)
                    || isKeyword(.delete) || isKind(.leftParen) && peek().keyword == .select) {
                    advance()
                }
                searchCycle = text(from: clauseStart, to: previous.end)
            }
            ctes.append(CommonTableExpression(
                name: name, columns: columns, materialized: materialized, statement: statement,
                searchCycle: searchCycle, range: range(from: cteStart)))
        } while accept(.comma)
        return WithClause(recursive: recursive, ctes: ctes, range: range(from: start))
    }

    // MARK: - SELECT

    @inline(never)
    mutating func parseSelect() throws(ParseFailure) -> Select {
        let start = current
        try expect(.select)
        var select = Select(items: [])
        if accept(.distinct) {
            if accept(.on) {
                try expect(.leftParen)
                var on: [SQLExpression] = []
                repeat { on.append(try parseExpression()) } while accept(.comma)
                try expect(.rightParen)
                select.distinct = .distinctOn(on)
            } else {
                select.distinct = .distinct
            }
        } else if accept(.all) {
            select.distinct = .all
        }
        // BigQuery `SELECT AS STRUCT` / `SELECT AS VALUE`: the row shape does not change lineage.
        if isKeyword(.as), peek().keyword == .struct || peek().keyword == .value {
            advance(); advance()
        }
        select.items = try parseSelectItems()
        if isKeyword(.into) {
            advance()
            var persistence: String?
            if let word = current.keyword, [.temporary, .temp, .unlogged].contains(word) {
                persistence = word.rawValue.uppercased()
                advance()
            }
            _ = accept(.table)
            select.into = IntoClause(table: try parseObjectName(), persistence: persistence)
        }
        if accept(.from) {
            select.from = try parseFromList()
        }
        if accept(.where) { select.where = try parseExpression() }
        if isKeyword(.group), peek().keyword == .by {
            advance(); advance()
            select.groupBy = try parseGroupBy()
        }
        if accept(.having) { select.having = try parseExpression() }
        if accept(.window) {
            repeat {
                let name = try parseName(allowReserved: true)
                try expect(.as)
                select.windows.append(NamedWindow(name: name, spec: try parseWindowSpec()))
            } while accept(.comma)
        }
        if accept(.qualify) { select.qualify = try parseExpression() }
        select.range = range(from: start)
        return select
    }

    /// Words after which a SELECT list is empty (`SELECT FROM t`, `SELECT;`).
    static let selectListEnd: Set<Keyword> = [
        .from, .where, .group, .having, .window, .order, .limit, .offset, .fetch, .for, .union, .intersect, .except, .into,
    ]

    mutating func parseSelectItems() throws(ParseFailure) -> [SelectItem] {
        var items: [SelectItem] = []
        if atEnd || isKind(.rightParen) { return items }
        if let keyword = current.keyword, Self.selectListEnd.contains(keyword) { return items }
        repeat {
            items.append(try parseSelectItem())
        } while accept(.comma)
        return items
    }

    /// `expr [[AS] alias]`, `*`, `t.*`, `* EXCEPT (…)`, `* REPLACE (…)`.
    @inline(never)
    mutating func parseSelectItem() throws(ParseFailure) -> SelectItem {
        let start = current
        if isOperator("*") {
            advance()
            var star = Star()
            try parseStarModifiers(&star)
            return SelectItem(expression: SQLExpression(.star(star), range: range(from: start)), range: range(from: start))
        }
        let expression = try parseExpressionRecovering()
        if case .invalid = expression.kind, !isKeyword(.as) {
            return SelectItem(expression: expression, range: range(from: start))
        }
        var alias: Name?
        if accept(.as) {
            if isStringToken(current) {
                let token = current
                advance()
                alias = Name(stringValue(token), quoted: true, range: token.range)
            } else {
                alias = try parseName(allowReserved: true, what: "an alias")
            }
        } else if canBeImplicitAlias {
            alias = try parseName()
        }
        return SelectItem(expression: expression, alias: alias, range: range(from: start))
    }

    /// BigQuery `* EXCEPT (a, b)` / `* REPLACE (x AS a)`, Snowflake `* EXCLUDE (a)` / `* RENAME`.
    mutating func parseStarModifiers(_ star: inout Star) throws(ParseFailure) {
        while peek().kind == .leftParen, !startsQuery(at: index + 1) {
            if isKeyword(.except) || isKeyword(.exclude) {
                advance()
                star.except.append(contentsOf: try parseNameList())
            } else if current.kind == .word, lowerText(current) == "rename" {
                // Snowflake `* RENAME (a AS b)`: kept as a REPLACE of the column under its new name.
                advance()
                try expect(.leftParen)
                repeat {
                    let itemStart = current
                    let value = try parseExpression()
                    try expect(.as)
                    let alias = try parseName(allowReserved: true)
                    star.replace.append(SelectItem(expression: value, alias: alias, range: range(from: itemStart)))
                } while accept(.comma)
                try expect(.rightParen)
            } else if isKeyword(.replace) {
                advance()
                try expect(.leftParen)
                repeat {
                    let itemStart = current
                    let value = try parseExpression()
                    try expect(.as)
                    let alias = try parseName(allowReserved: true)
                    star.replace.append(SelectItem(expression: value, alias: alias, range: range(from: itemStart)))
                } while accept(.comma)
                try expect(.rightParen)
            } else {
                return
            }
        }
        // Snowflake `* EXCLUDE a` without parentheses.
        if isKeyword(.exclude), isName(peek()) {
            advance()
            star.except.append(try parseName())
        }
    }

    @inline(never)
    mutating func parseGroupBy() throws(ParseFailure) -> GroupBy {
        var groupBy = GroupBy(elements: [])
        if accept(.distinct) { groupBy.distinct = true } else if isKeyword(.all), peek().kind != .leftParen {
            advance()
            groupBy.all = true
            if atEnd || !(isName(current) || isKind(.leftParen) || current.kind == .integer) { return groupBy }
            groupBy.all = false
        }
        repeat { groupBy.elements.append(try parseGroupingElement()) } while accept(.comma)
        return groupBy
    }

    mutating func parseGroupingElement() throws(ParseFailure) -> GroupingElement {
        if isKind(.leftParen), peek().kind == .rightParen {
            advance(); advance()
            return .empty
        }
        if isKeyword(.rollup), peek().kind == .leftParen {
            advance()
            return .rollup(try parseParenthesizedExpressions())
        }
        if isKeyword(.cube), peek().kind == .leftParen {
            advance()
            return .cube(try parseParenthesizedExpressions())
        }
        if isKeyword(.grouping), peek().keyword == .sets {
            advance(); advance()
            try expect(.leftParen)
            try enter()
            defer { leave() }
            var elements: [GroupingElement] = []
            repeat { elements.append(try parseGroupingElement()) } while accept(.comma)
            try expect(.rightParen)
            return .groupingSets(elements)
        }
        return .expression(try parseExpression())
    }

    mutating func parseParenthesizedExpressions() throws(ParseFailure) -> [SQLExpression] {
        try expect(.leftParen)
        var items: [SQLExpression] = []
        if accept(.rightParen) { return items }
        repeat { items.append(try parseExpression()) } while accept(.comma)
        try expect(.rightParen)
        return items
    }

    // MARK: - FROM

    mutating func parseFromList() throws(ParseFailure) -> [FromItem] {
        var items: [FromItem] = []
        repeat { items.append(try parseFromItem()) } while accept(.comma)
        return items
    }

    /// A FROM item with any joins that follow it.
    @inline(never)
    mutating func parseFromItem() throws(ParseFailure) -> FromItem {
        try enter()
        defer { leave() }
        var left = try parseFromPrimary()
        var links = 0
        while true {
            let start = left.range
            links += 1
            if links > maximumChain { throw tooDeep() }
            var kind: Join.Kind
            var natural = false
            if accept(.natural) { natural = true }
            if accept(.cross) {
                try expect(.join)
                kind = .cross
            } else if accept(.join) {
                kind = .inner
            } else if accept(.inner) {
                try expect(.join)
                kind = .inner
            } else if accept(.left) {
                _ = accept(.outer)
                try expect(.join)
                kind = .left
            } else if accept(.right) {
                _ = accept(.outer)
                try expect(.join)
                kind = .right
            } else if accept(.full) {
                _ = accept(.outer)
                try expect(.join)
                kind = .full
            } else {
                if natural { throw failure(expected: ["JOIN"]) }
                return left
            }
            let right = try parseFromPrimary()
            var condition = Join.Condition.none
            if natural {
                condition = .natural
            } else if kind != .cross {
                if accept(.on) {
                    condition = .on(try parseExpression())
                } else if accept(.using) {
                    let columns = try parseNameList()
                    var alias: Name?
                    if accept(.as) { alias = try parseName() }
                    condition = .using(columns, alias: alias)
                }
                // Otherwise no condition: Snowflake `JOIN LATERAL FLATTEN(…)` needs none.
            }
            left = .join(Join(kind: kind, left: left, right: right, condition: condition, range: range(from: start)))
        }
    }

    @inline(never)
    mutating func parseFromPrimary() throws(ParseFailure) -> FromItem {
        let start = current
        let lateral = accept(.lateral)
        switch current.kind {
        case .leftParen:
            if startsQuery(at: index + 1) {
                let saved = index
                let savedDiagnostics = diagnostics.count
                do {
                    advance()
                    let query = try parseQuery()
                    try expect(.rightParen)
                    let alias = try parseTableAlias()
                    return .subquery(SubqueryFrom(lateral: lateral, query: query, alias: alias, range: range(from: start)))
                } catch {
                    let nestedStart = saved + 1 < limit && tokens[saved + 1].kind == .leftParen
                    if error.diagnostic.code == .nestingTooDeep || !nestedStart { throw error }
                    index = saved
                    diagnostics.removeSubrange(savedDiagnostics...)
                }
            }
            advance()
            let inner = try parseFromItem()
            try expect(.rightParen)
            let alias = try parseTableAlias()
            return .nested(inner, alias: alias, range: range(from: start))
        case .template:
            advance()
            let alias = try parseTableAlias()
            return .template(text(start), alias: alias, range: range(from: start))
        case .colon where peek().kind == .word || peek().kind == .string || peek().kind == .quotedIdentifier:
            // psql variable used as a relation: `FROM :tbl`.
            advance()
            let variable = current
            advance()
            let name = ObjectName([Name(":" + text(variable), quoted: true, range: range(from: start))], range: range(from: start))
            var item = TableFrom(table: TableRef(name: name, range: name.range))
            item.alias = try parseTableAlias()
            item.range = range(from: start)
            return .table(item)
        default:
            break
        }
        if isKeyword(.rows), peek().keyword == .from {
            advance(); advance()
            try expect(.leftParen)
            var functions: [SQLExpression] = []
            repeat {
                let call = try parseExpression()
                functions.append(call)
                if accept(.as) { _ = try skipParenthesized() }
            } while accept(.comma)
            try expect(.rightParen)
            var item = FunctionFrom(lateral: lateral, functions: functions, rowsFrom: true)
            try parseFunctionFromTail(&item)
            item.range = range(from: start)
            return .function(item)
        }
        // Snowflake TABLE(FLATTEN(…)), TABLE(GENERATOR(…)).
        if isKeyword(.table), peek().kind == .leftParen {
            advance(); advance()
            let call = try parseExpression()
            try expect(.rightParen)
            var item = FunctionFrom(lateral: lateral, functions: [call])
            try parseFunctionFromTail(&item)
            item.range = range(from: start)
            return .function(item)
        }
        let only = accept(.only)
        let parenthesizedOnly = only && accept(.leftParen)
        let name = try parseObjectName(allowReserved: false)
        if parenthesizedOnly { try expect(.rightParen) }
        if !only, isKind(.leftParen) {
            let callExpression = try parseFunctionCall(name: name, start: name.range)
            var item = FunctionFrom(lateral: lateral, functions: [callExpression])
            try parseFunctionFromTail(&item)
            item.range = range(from: start)
            return .function(item)
        }
        var table = TableRef(name: name, only: only, range: name.range)
        if isOperator("*") {
            advance()
            table.descendants = true
        }
        var item = TableFrom(table: table)
        item.alias = try parseTableAlias()
        if isKeyword(.tablesample) || atWarehouseSample {
            // PostgreSQL `TABLESAMPLE method (args) [REPEATABLE (seed)]`; Snowflake also writes
            // `SAMPLE`/`TABLESAMPLE [method] (n [ROWS]) [SEED (s)]`.
            let sampleStart = current.start
            advance()
            if !isKind(.leftParen) { _ = try parseName(allowReserved: true) }
            _ = try skipParenthesized()
            if accept(.repeatable) {
                _ = try skipParenthesized()
            } else if current.kind == .word, lowerText(current) == "seed", peek().kind == .leftParen {
                advance()
                _ = try skipParenthesized()
            }
            item.sample = text(from: sampleStart, to: previous.end)
        }
        item.range = range(from: start)
        return .table(item)
    }

    /// `[WITH ORDINALITY] [[AS] alias [(cols | col type, …)]]` after a function in FROM.
    mutating func parseFunctionFromTail(_ item: inout FunctionFrom) throws(ParseFailure) {
        if accept(.with, .ordinality) { item.withOrdinality = true }
        item.alias = try parseTableAlias(allowColumnDefinitions: true)
        // BigQuery `UNNEST(x) AS v WITH OFFSET [AS o]`.
        if isKeyword(.with), peek().kind == .word, lowerText(peek()) == "offset" {
            advance(); advance()
            _ = try parseOptionalAlias()
        }
    }

    /// Whether a Snowflake `SAMPLE (10)` / `SAMPLE ROW (5 ROWS)` clause starts here (not an alias named `sample`).
    var atWarehouseSample: Bool {
        guard current.kind == .word, lowerText(current) == "sample" else { return false }
        let next = peek()
        if next.kind == .leftParen { return peek(2).kind == .integer || peek(2).kind == .decimal }
        guard next.kind == .word, peek(2).kind == .leftParen else { return false }
        return ["row", "bernoulli", "system", "block"].contains(lowerText(next))
    }

    /// `[AS] alias [(col, …)]`, or for functions `AS (col type, …)` / `alias (col type, …)`.
    mutating func parseTableAlias(allowColumnDefinitions: Bool = false) throws(ParseFailure) -> TableAlias? {
        var aliasName: Name?
        if accept(.as) {
            if allowColumnDefinitions, isKind(.leftParen) {
                return TableAlias(name: Name(""), columnDefinitions: try parseColumnDefinitionList())
            }
            aliasName = try parseName(allowReserved: true, what: "an alias")
        } else if canBeImplicitAlias, !atWarehouseSample {
            aliasName = try parseName()
        }
        guard let aliasName else { return nil }
        var alias = TableAlias(name: aliasName)
        if isKind(.leftParen) {
            // Column names, or column definitions for record-returning functions.
            if allowColumnDefinitions, isName(peek(), allowReserved: true), peek(2).kind != .comma, peek(2).kind != .rightParen {
                alias.columnDefinitions = try parseColumnDefinitionList()
            } else {
                alias.columns = try parseNameList()
            }
        }
        return alias
    }

    /// `(name type, …)` in a function's column definition list.
    mutating func parseColumnDefinitionList() throws(ParseFailure) -> [ColumnDefinition] {
        try expect(.leftParen)
        var definitions: [ColumnDefinition] = []
        repeat {
            let start = current
            let name = try parseName(allowReserved: true)
            let type = try parseType()
            definitions.append(ColumnDefinition(name: name, type: type, range: range(from: start)))
        } while accept(.comma)
        try expect(.rightParen)
        return definitions
    }
}
