extension Parser {
    /// `INSERT INTO table [AS alias] [(cols)] [OVERRIDING …] {query | DEFAULT VALUES} [ON CONFLICT …] [RETURNING …]`.
    mutating func parseInsert(with: WithClause?) throws(ParseFailure) -> Insert {
        try expect(.insert)
        // BigQuery / Snowflake allow `INSERT table`; Snowflake also `INSERT OVERWRITE INTO`.
        if current.kind == .word, lowerText(current) == "overwrite" { advance() }
        _ = accept(.into)
        let tableStart = current
        let name = try parseObjectName()
        let table = TableRef(name: name, range: range(from: tableStart))
        var alias: Name?
        if accept(.as) { alias = try parseName() }
        var columns: [Name] = []
        if isKind(.leftParen), !startsQuery(at: index + 1) {
            advance()
            repeat {
                let column = try parseName(allowReserved: true)
                // `INSERT INTO t (col[1], col.field)` — indirection is not modeled beyond the column.
                while isKind(.dot) || isKind(.leftBracket) {
                    if accept(.dot) { _ = try parseName(allowReserved: true) } else {
                        advance()
                        _ = try parseExpression()
                        try expect(.rightBracket)
                    }
                }
                columns.append(column)
            } while accept(.comma)
            try expect(.rightParen)
        }
        var overriding: String?
        if accept(.overriding) {
            if accept(.system) { overriding = "SYSTEM" } else { try expect(.user); overriding = "USER" }
            try expect(.value)
        }
        var source: Query?
        if accept(.default) {
            try expect(.values)
        } else {
            source = try parseQuery()
        }
        var insert = Insert(with: with, table: table, alias: alias, columns: columns, overriding: overriding, source: source)
        if accept(.on) {
            try expect(.conflict)
            insert.onConflict = try parseOnConflict()
        }
        if accept(.returning) { insert.returning = try parseSelectItems() }
        return insert
    }

    mutating func parseOnConflict() throws(ParseFailure) -> OnConflict {
        var target: OnConflict.Target?
        if accept(.on) {
            try expect(.constraint)
            target = .constraint(try parseName())
        } else if isKind(.leftParen) {
            advance()
            var elements: [IndexElement] = []
            repeat { elements.append(try parseIndexElement()) } while accept(.comma)
            try expect(.rightParen)
            var predicate: SQLExpression?
            if accept(.where) { predicate = try parseExpression() }
            target = .columns(elements, where: predicate)
        }
        try expect(.do)
        if accept(.nothing) { return OnConflict(target: target, action: .nothing) }
        try expect(.update)
        try expect(.set)
        let assignments = try parseAssignments()
        var predicate: SQLExpression?
        if accept(.where) { predicate = try parseExpression() }
        return OnConflict(target: target, action: .update(assignments, where: predicate))
    }

    /// `col = expr, (a, b) = (x, y), (a, b) = (SELECT …), col[1] = …`.
    mutating func parseAssignments() throws(ParseFailure) -> [Assignment] {
        var assignments: [Assignment] = []
        repeat {
            if isKind(.leftParen) {
                advance()
                var targets: [AssignmentTarget] = []
                repeat { targets.append(try parseAssignmentTarget()) } while accept(.comma)
                try expect(.rightParen)
                try expectOperator("=")
                var value: SQLExpression
                if isKeyword(.row) {
                    value = try parseExpression()
                } else {
                    value = try parseExpression()
                    if case .nested(let inner) = value.kind {
                        // `(a) = (x)`: a one-element row.
                        value = SQLExpression(.row([inner], explicit: false), range: value.range)
                    }
                }
                assignments.append(Assignment(targets: targets, value: value))
            } else {
                let target = try parseAssignmentTarget()
                try expectOperator("=")
                assignments.append(Assignment(targets: [target], value: try parseExpression()))
            }
        } while accept(.comma)
        return assignments
    }

    mutating func parseAssignmentTarget() throws(ParseFailure) -> AssignmentTarget {
        // `t.col = …` (qualified by the target's name or alias) is accepted as `col`.
        var column = try parseName(allowReserved: true)
        var path: [Accessor] = []
        while true {
            if isKind(.dot), isName(peek(), allowReserved: true) {
                advance()
                path.append(.field(try parseName(allowReserved: true)))
            } else if isKind(.leftBracket) {
                advance()
                let lower = try parseExpression()
                if accept(.colon) {
                    let upper = try parseExpression()
                    path.append(.slice(lower: lower, upper: upper))
                } else {
                    path.append(.index(lower))
                }
                try expect(.rightBracket)
            } else {
                break
            }
        }
        // A single `.field` right after the column is the common `alias.col = …` spelling.
        if path.count == 1, case .field(let field) = path[0] {
            column = field
            path = []
        }
        return AssignmentTarget(column: column, path: path)
    }

    /// `UPDATE [ONLY] table [[AS] alias] SET … [FROM …] [WHERE …] [RETURNING …]`.
    mutating func parseUpdate(with: WithClause?) throws(ParseFailure) -> Update {
        try expect(.update)
        let (table, alias) = try parseTargetTable()
        try expect(.set)
        var update = Update(with: with, table: table, alias: alias, assignments: try parseAssignments())
        if accept(.from) { update.from = try parseFromList() }
        (update.where, update.currentOf) = try parseWhereOrCurrentOf()
        if accept(.returning) { update.returning = try parseSelectItems() }
        return update
    }

    /// `DELETE FROM [ONLY] table [[AS] alias] [USING …] [WHERE …] [RETURNING …]`.
    mutating func parseDelete(with: WithClause?) throws(ParseFailure) -> Delete {
        try expect(.delete)
        _ = accept(.from)
        let (table, alias) = try parseTargetTable()
        var delete = Delete(with: with, table: table, alias: alias)
        if accept(.using) { delete.using = try parseFromList() }
        (delete.where, delete.currentOf) = try parseWhereOrCurrentOf()
        if accept(.returning) { delete.returning = try parseSelectItems() }
        return delete
    }

    /// UPDATE's and DELETE's target: `[ONLY] table [*] [[AS] alias]`.
    private mutating func parseTargetTable() throws(ParseFailure) -> (TableRef, Name?) {
        let tableStart = current
        let only = accept(.only)
        let name = try parseObjectName()
        var table = TableRef(name: name, only: only, range: range(from: tableStart))
        if isOperator("*") { advance(); table.descendants = true }
        return (table, try parseOptionalAlias())
    }

    /// `[WHERE condition | WHERE CURRENT OF cursor]`.
    private mutating func parseWhereOrCurrentOf() throws(ParseFailure) -> (SQLExpression?, Name?) {
        guard accept(.where) else { return (nil, nil) }
        if accept(.current) {
            try expect(.of)
            return (nil, try parseName())
        }
        return (try parseExpression(), nil)
    }

    /// `MERGE INTO target [[AS] alias] USING source ON cond WHEN … THEN …`.
    mutating func parseMerge(with: WithClause?) throws(ParseFailure) -> Merge {
        try expect(.merge)
        _ = accept(.into)
        let tableStart = current
        let only = accept(.only)
        let name = try parseObjectName()
        let target = TableRef(name: name, only: only, range: range(from: tableStart))
        let alias = try parseOptionalAlias()
        try expect(.using)
        let source = try parseFromPrimary()
        try expect(.on)
        let condition = try parseExpression()
        var clauses: [MergeClause] = []
        while accept(.when) {
            var match: MergeClause.Match
            if accept(.matched) {
                match = .matched
            } else {
                try expect(.not)
                try expect(.matched)
                match = .notMatched
                if accept(.by) {
                    if accept(.source) { match = .notMatchedBySource } else { try expect(.target) }
                }
            }
            var clauseCondition: SQLExpression?
            if accept(.and) { clauseCondition = try parseExpression() }
            try expect(.then)
            let action: MergeClause.Action
            if accept(.update) {
                try expect(.set)
                action = .update(try parseAssignments())
            } else if accept(.delete) {
                action = .delete
            } else if accept(.do) {
                try expect(.nothing)
                action = .doNothing
            } else if accept(.insert) {
                var columns: [Name] = []
                if isKind(.leftParen) { columns = try parseNameList() }
                if accept(.overriding) {
                    guard accept(.system) || accept(.user) else { throw failure(expected: ["SYSTEM", "USER"]) }
                    try expect(.value)
                }
                if accept(.default) {
                    try expect(.values)
                    action = .insert(columns: columns, values: nil)
                } else {
                    try expect(.values)
                    action = .insert(columns: columns, values: try parseParenthesizedExpressions())
                }
            } else {
                throw failure(expected: ["UPDATE", "DELETE", "INSERT", "DO NOTHING"])
            }
            clauses.append(MergeClause(match: match, condition: clauseCondition, action: action))
        }
        if clauses.isEmpty { throw failure(expected: ["WHEN"]) }
        var merge = Merge(with: with, target: target, alias: alias, source: source, on: condition, clauses: clauses)
        if accept(.returning) { merge.returning = try parseSelectItems() }
        return merge
    }
}
