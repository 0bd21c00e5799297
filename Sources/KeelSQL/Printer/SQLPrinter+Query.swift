extension SQLPrinter {
    static func write(_ query: Query, into out: inout String) {
        if let with = query.with { write(with, into: &out) }
        write(query.body, into: &out)
        if !query.orderBy.isEmpty {
            out += " ORDER BY "
            write(query.orderBy, into: &out)
        }
        if let limit = query.limit {
            if limit.isFetch {
                if let offset = limit.offset {
                    out += " OFFSET "
                    write(offset, into: &out)
                    out += " ROWS"
                }
                out += " FETCH FIRST "
                if let count = limit.count { write(count, minimum: 100, into: &out) }
                out += limit.withTies ? " ROWS WITH TIES" : " ROWS ONLY"
            } else {
                if limit.limitAll { out += " LIMIT ALL" }
                if let count = limit.count {
                    out += " LIMIT "
                    write(count, into: &out)
                }
                if let offset = limit.offset {
                    out += " OFFSET "
                    write(offset, into: &out)
                }
            }
        }
        for clause in query.locking {
            out += " FOR " + clause.strength
            if !clause.tables.isEmpty {
                out += " OF " + clause.tables.map(\.sql).joined(separator: ", ")
            }
            if let wait = clause.waitPolicy { out += " " + wait }
        }
    }

    static func write(_ with: WithClause, into out: inout String) {
        out += with.recursive ? "WITH RECURSIVE " : "WITH "
        var first = true
        for cte in with.ctes {
            if !first { out += ", " }
            out += cte.name.sql
            if !cte.columns.isEmpty {
                out += "("
                write(cte.columns, into: &out)
                out += ")"
            }
            out += " AS "
            if let materialized = cte.materialized { out += materialized ? "MATERIALIZED " : "NOT MATERIALIZED " }
            out += "("
            if let query = cte.query {
                write(query, into: &out)
            } else {
                out += "/* data-modifying statement */"
            }
            out += ")"
            if let searchCycle = cte.searchCycle { out += " " + searchCycle }
            first = false
        }
        out += " "
    }

    static func write(_ body: QueryBody, into out: inout String) {
        switch body {
        case .select(let select): write(select, into: &out)
        case .values(let values):
            out += "VALUES "
            var first = true
            for row in values.rows {
                if !first { out += ", " }
                out += "("
                writeList(row, into: &out)
                out += ")"
                first = false
            }
        case .nested(let query):
            out += "("
            write(query, into: &out)
            out += ")"
        case .table(let table):
            out += "TABLE "
            if table.only { out += "ONLY " }
            write(table.name, into: &out)
        case .setOperation:
            // Walk the left spine iteratively: long UNION chains must not overflow the stack.
            var links: [SetOperation] = []
            var leftmost = body
            while case .setOperation(let operation) = leftmost {
                links.append(operation)
                leftmost = operation.left
            }
            write(leftmost, into: &out)
            for operation in links.reversed() {
                out += " " + operation.op.rawValue
                if operation.all { out += " ALL" } else if operation.distinct { out += " DISTINCT" }
                out += " "
                if case .setOperation = operation.right {
                    out += "("
                    write(operation.right, into: &out)
                    out += ")"
                } else {
                    write(operation.right, into: &out)
                }
            }
        }
    }

    static func write(_ select: Select, into out: inout String) {
        out += "SELECT"
        switch select.distinct {
        case .all: out += " ALL"
        case .distinct: out += " DISTINCT"
        case .distinctOn(let expressions):
            out += " DISTINCT ON ("
            writeList(expressions, into: &out)
            out += ")"
        case nil: break
        }
        if !select.items.isEmpty {
            out += " "
            writeItems(select.items, into: &out)
        }
        if let into = select.into {
            out += " INTO "
            if let persistence = into.persistence { out += persistence + " " }
            write(into.table, into: &out)
        }
        if !select.from.isEmpty {
            out += " FROM "
            var first = true
            for item in select.from {
                if !first { out += ", " }
                write(item, into: &out)
                first = false
            }
        }
        if let condition = select.where {
            out += " WHERE "
            write(condition, into: &out)
        }
        if let groupBy = select.groupBy {
            out += " GROUP BY "
            if groupBy.distinct { out += "DISTINCT " }
            if groupBy.all { out += "ALL" }
            var first = true
            for element in groupBy.elements {
                if !first { out += ", " }
                write(element, into: &out)
                first = false
            }
        }
        if let having = select.having {
            out += " HAVING "
            write(having, into: &out)
        }
        if !select.windows.isEmpty {
            out += " WINDOW "
            var first = true
            for window in select.windows {
                if !first { out += ", " }
                out += window.name.sql + " AS "
                write(window.spec, into: &out)
                first = false
            }
        }
        if let qualify = select.qualify {
            out += " QUALIFY "
            write(qualify, into: &out)
        }
    }

    static func write(_ element: GroupingElement, into out: inout String) {
        switch element {
        case .expression(let expression): write(expression, into: &out)
        case .empty: out += "()"
        case .rollup(let expressions):
            out += "ROLLUP ("
            writeList(expressions, into: &out)
            out += ")"
        case .cube(let expressions):
            out += "CUBE ("
            writeList(expressions, into: &out)
            out += ")"
        case .groupingSets(let elements):
            out += "GROUPING SETS ("
            var first = true
            for inner in elements {
                if !first { out += ", " }
                write(inner, into: &out)
                first = false
            }
            out += ")"
        }
    }

    static func write(_ item: FromItem, into out: inout String) {
        switch item {
        case .table(let table):
            if table.table.only { out += "ONLY " }
            write(table.table.name, into: &out)
            if table.table.descendants { out += " *" }
            write(table.alias, into: &out)
            if let sample = table.sample { out += " " + sample }
        case .subquery(let subquery):
            if subquery.lateral { out += "LATERAL " }
            out += "("
            write(subquery.query, into: &out)
            out += ")"
            write(subquery.alias, into: &out)
        case .function(let function):
            if function.lateral { out += "LATERAL " }
            if function.rowsFrom {
                out += "ROWS FROM ("
                writeList(function.functions, into: &out)
                out += ")"
            } else {
                writeList(function.functions, into: &out)
            }
            if function.withOrdinality { out += " WITH ORDINALITY" }
            write(function.alias, into: &out)
        case .join:
            var links: [Join] = []
            var leftmost = item
            while case .join(let join) = leftmost {
                links.append(join)
                leftmost = join.left
            }
            write(leftmost, into: &out)
            for join in links.reversed() { writeJoinTail(join, into: &out) }
        case .nested(let inner, let alias, _):
            out += "("
            write(inner, into: &out)
            out += ")"
            write(alias, into: &out)
        case .template(let text, let alias, _):
            out += text
            write(alias, into: &out)
        }
    }

    /// ` [NATURAL] KIND JOIN right [ON … | USING (…)]`.
    static func writeJoinTail(_ join: Join, into out: inout String) {
        if case .natural = join.condition { out += " NATURAL" }
        out += " " + join.kind.rawValue + " "
        if case .join = join.right {
            out += "("
            write(join.right, into: &out)
            out += ")"
        } else {
            write(join.right, into: &out)
        }
        switch join.condition {
        case .on(let condition):
            out += " ON "
            write(condition, into: &out)
        case .using(let columns, let alias):
            out += " USING ("
            write(columns, into: &out)
            out += ")"
            if let alias { out += " AS " + alias.sql }
        case .natural, .none:
            break
        }
    }

    static func write(_ alias: TableAlias?, into out: inout String) {
        guard let alias else { return }
        if !alias.name.value.isEmpty || alias.name.quoted {
            out += " AS " + alias.name.sql
        } else if !alias.columnDefinitions.isEmpty {
            out += " AS"
        }
        if !alias.columns.isEmpty {
            out += "("
            write(alias.columns, into: &out)
            out += ")"
        }
        if !alias.columnDefinitions.isEmpty {
            out += " ("
            var first = true
            for definition in alias.columnDefinitions {
                if !first { out += ", " }
                out += definition.name.sql
                if let type = definition.type {
                    out += " "
                    write(type, into: &out)
                }
                first = false
            }
            out += ")"
        }
    }
}
