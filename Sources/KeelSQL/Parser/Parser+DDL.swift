extension Parser {
    // MARK: - CREATE dispatch

    /// Modifiers seen between `CREATE` and the object kind.
    struct CreatePrefix {
        var orReplace = false
        var persistence: String?
        var unique = false
        var materialized = false
        var recursive = false
        var constraint = false
    }

    /// `CREATE …` forms by the object key word (sqlglot's `CREATABLES`).
    enum CreateForm { case table, view, index, type, domain, function, trigger }

    static let createForms: [Keyword: CreateForm] = [
        .table: .table, .view: .view, .index: .index, .type: .type, .domain: .domain,
        .function: .function, .procedure: .function, .trigger: .trigger,
    ]

    mutating func parseCreate() throws(ParseFailure) -> Statement.Kind {
        let start = index
        try expect(.create)
        var prefix = CreatePrefix()
        if accept(.or, .replace) { prefix.orReplace = true }
        loop: while true {
            switch current.keyword {
            case .temporary, .temp, .unlogged:
                prefix.persistence = (prefix.persistence.map { $0 + " " } ?? "") + lowerText(current).uppercased()
                advance()
            case .global, .local:
                if peek().keyword == .temporary || peek().keyword == .temp {
                    prefix.persistence = lowerText(current).uppercased()
                    advance()
                } else {
                    break loop
                }
            case .unique: prefix.unique = true; advance()
            case .materialized: prefix.materialized = true; advance()
            case .recursive: prefix.recursive = true; advance()
            case .constraint where peek().keyword == .trigger: prefix.constraint = true; advance()
            default: break loop
            }
        }
        if let keyword = current.keyword, let form = Self.createForms[keyword] {
            switch form {
            case .table: return try parseCreateTable(prefix)
            case .view: return try parseCreateView(prefix)
            case .index: return try parseCreateIndex(prefix)
            case .type: return try parseCreateType()
            case .domain: return try parseCreateDomain()
            case .function: return try parseCreateFunction(prefix)
            case .trigger: return try parseCreateTrigger(prefix)
            }
        }
        // Unmodeled: CREATE SEQUENCE, SCHEMA, EXTENSION, AGGREGATE, OPERATOR, …
        index = start
        return parseOtherCreate()
    }

    /// `CREATE [modifiers] KIND [IF NOT EXISTS] name …` as an unmodeled statement named `CREATE KIND`.
    mutating func parseOtherCreate() -> Statement.Kind {
        advance()
        var words: [String] = ["CREATE"]
        let modifiers: Set<Keyword> = [.or, .replace, .temporary, .temp, .unlogged, .global, .local, .default, .trusted, .procedural, .unique]
        while let keyword = current.keyword, modifiers.contains(keyword) { advance() }
        guard current.kind == .word else { return parseOther(words: 1) }
        words.append(lowerText(current).uppercased())
        advance()
        // Two-word kinds: OPERATOR CLASS/FAMILY, FOREIGN TABLE, TEXT SEARCH …, EVENT TRIGGER, USER MAPPING.
        if let second = current.keyword, [.class, .family, .table, .data, .search, .trigger, .mapping, .wrapper].contains(second) {
            words.append(lowerText(current).uppercased())
            advance()
            if words.last == "SEARCH" || words.last == "DATA", current.kind == .word {
                words.append(lowerText(current).uppercased())
                advance()
            }
        }
        _ = accept(.if, .not, .exists)
        var object: ObjectName?
        if isName(current, allowReserved: false) {
            let saved = index
            object = try? parseObjectName()
            if object == nil { index = saved }
        }
        index = limit
        return .other(OtherStatement(kind: words.joined(separator: " "), object: object))
    }

    // MARK: - CREATE TABLE

    mutating func parseCreateTable(_ prefix: CreatePrefix) throws(ParseFailure) -> Statement.Kind {
        try expect(.table)
        let ifNotExists = accept(.if, .not, .exists)
        let name = try parseObjectName()
        var table = CreateTable(name: name, persistence: prefix.persistence, ifNotExists: ifNotExists)
        // CREATE TABLE … AS
        if isKeyword(.as) || (isKind(.leftParen) && isColumnListThenAs()) {
            var columns: [Name] = []
            if isKind(.leftParen) { columns = try parseNameList() }
            try parseTableOptions(&table)
            try expect(.as)
            if accept(.execute) {
                index = limit
                return .other(OtherStatement(kind: "CREATE TABLE AS EXECUTE", object: name))
            }
            let query = try parseQuery()
            var withData = true
            if accept(.with) {
                withData = !accept(.no)
                try expect(.data)
            }
            return .createTableAs(CreateTableAs(
                name: name, persistence: prefix.persistence, ifNotExists: ifNotExists, columns: columns, query: query, withData: withData))
        }
        if accept(.of) {
            table.ofType = try parseObjectName()
        }
        if accept(.partition) {
            try expect(.of)
            let parent = try parseObjectName()
            if isKind(.leftParen) { table.elements = try parseTableElements() }
            table.partitionOf = PartitionOf(parent: parent, bound: try parsePartitionBound())
        } else if isKind(.leftParen) {
            table.elements = try parseTableElements()
        } else if table.ofType == nil {
            throw failure(expected: ["\"(\"", "AS", "PARTITION OF"])
        }
        if accept(.inherits) {
            try expect(.leftParen)
            repeat { table.inherits.append(try parseObjectName()) } while accept(.comma)
            try expect(.rightParen)
        }
        if accept(.partition) {
            try expect(.by)
            table.partitionBy = try parsePartitionSpec()
        }
        try parseTableOptions(&table)
        return .createTable(table)
    }

    /// Whether `(a, b) AS` follows: a CREATE TABLE AS column list, not column definitions.
    func isColumnListThenAs() -> Bool {
        var i = index + 1
        var expectName = true
        while i < limit {
            let token = tokens[i]
            if expectName {
                guard isName(token, allowReserved: true) else { return false }
            } else if token.kind == .rightParen {
                guard i + 1 < limit else { return false }
                let next = tokens[i + 1].keyword
                return next == .as || next == .with || next == .using || next == .tablespace || next == .without || next == .on
            } else if token.kind != .comma {
                return false
            }
            expectName.toggle()
            i += 1
        }
        return false
    }

    /// `USING method`, `WITH (…)`, `WITHOUT OIDS`, `ON COMMIT …`, `TABLESPACE name`.
    mutating func parseTableOptions(_ table: inout CreateTable) throws(ParseFailure) {
        while true {
            if accept(.using) {
                table.accessMethod = try parseName()
            } else if isKeyword(.with), peek().kind == .leftParen {
                advance()
                table.storageParameters = try parseStorageParameters()
            } else if accept(.without, .oids) {
                continue
            } else if accept(.on, .commit) {
                var words: [String] = []
                while current.kind == .word, words.count < 2 {
                    words.append(lowerText(current).uppercased())
                    advance()
                }
                table.onCommit = words.joined(separator: " ")
            } else if accept(.tablespace) {
                table.tablespace = try parseName()
            } else {
                return
            }
        }
    }

    /// `(name = value, name, …)` storage parameters, values kept as text.
    mutating func parseStorageParameters() throws(ParseFailure) -> [StorageParameter] {
        try expect(.leftParen)
        var parameters: [StorageParameter] = []
        repeat {
            let nameObject = try parseObjectName(allowReserved: true)
            let parameterName = nameObject.parts.map(\.value).joined(separator: ".")
            var value: String?
            if acceptOperator("=") {
                let valueStart = current.start
                var level = 0
                while !atEnd {
                    if isKind(.leftParen) { level += 1 }
                    if isKind(.rightParen) { if level == 0 { break }; level -= 1 }
                    if isKind(.comma), level == 0 { break }
                    advance()
                }
                value = text(from: valueStart, to: previous.end)
            }
            parameters.append(StorageParameter(name: parameterName, value: value))
        } while accept(.comma)
        try expect(.rightParen)
        return parameters
    }

    mutating func parseTableElements() throws(ParseFailure) -> [TableElement] {
        try expect(.leftParen)
        var elements: [TableElement] = []
        if accept(.rightParen) { return elements }
        repeat {
            if accept(.like) {
                let source = try parseObjectName()
                var options: [String] = []
                while let keyword = current.keyword, keyword == .including || keyword == .excluding {
                    advance()
                    options.append(keyword.rawValue.uppercased() + " " + lowerText(current).uppercased())
                    advance()
                }
                elements.append(.like(source, options: options))
            } else if let constraint = try parseTableConstraintIfPresent() {
                elements.append(.constraint(constraint))
            } else {
                elements.append(.column(try parseColumnDefinition()))
            }
        } while accept(.comma)
        try expect(.rightParen)
        return elements
    }

    /// `name [type] [COLLATE c] [constraints…]`; the type is optional in `PARTITION OF` / `OF type` tables.
    mutating func parseColumnDefinition() throws(ParseFailure) -> ColumnDefinition {
        let start = current
        let name = try parseName(allowReserved: false, what: "a column name")
        var column = ColumnDefinition(name: name, type: nil)
        if !(isKeyword(.with) && peek().keyword == .options) && !startsColumnConstraint() && !isKind(.comma) && !isKind(.rightParen) {
            column.type = try parseType()
        }
        _ = accept(.with, .options)
        while true {
            if accept(.collate) {
                column.collation = try parseObjectName(allowReserved: true)
            } else if accept(.storage) {
                column.storage = lowerText(current).uppercased()
                advance()
            } else if accept(.compression) {
                column.compression = lowerText(current)
                advance()
            } else if let constraint = try parseColumnConstraintIfPresent() {
                column.constraints.append(constraint)
            } else {
                break
            }
        }
        column.range = range(from: start)
        return column
    }

    func startsColumnConstraint() -> Bool {
        switch current.keyword {
        case .constraint, .not, .null, .default, .check, .unique, .primary, .references, .generated, .collate: true
        default: false
        }
    }

    mutating func parseColumnConstraintIfPresent() throws(ParseFailure) -> ColumnConstraint? {
        let start = current
        var constraintName: Name?
        if accept(.constraint) { constraintName = try parseName() }
        let kind: ColumnConstraint.Kind
        if accept(.not, .null) {
            kind = .notNull
        } else if accept(.null) {
            kind = .null
        } else if accept(.default) {
            kind = .default(try parseBinary(minPrecedence: Precedence.is + 1))
        } else if accept(.check) {
            try expect(.leftParen)
            let condition = try parseExpression()
            try expect(.rightParen)
            let noInherit = accept(.no, .inherit)
            kind = .check(condition, noInherit: noInherit)
        } else if accept(.unique) {
            var nullsNotDistinct = false
            if accept(.nulls) { nullsNotDistinct = accept(.not); try expect(.distinct) }
            kind = .unique(nullsNotDistinct: nullsNotDistinct, index: try parseIndexParameters())
        } else if accept(.primary) {
            try expect(.key)
            kind = .primaryKey(index: try parseIndexParameters())
        } else if isKeyword(.references) {
            kind = .references(try parseForeignKeyReference())
        } else if accept(.generated) {
            var always = true
            if accept(.by) { try expect(.default); always = false } else { try expect(.always) }
            try expect(.as)
            if accept(.identity) {
                var options: String?
                if isKind(.leftParen) { options = try skipParenthesized() }
                kind = .identity(always: always, options: options)
            } else {
                try expect(.leftParen)
                let expression = try parseExpression()
                try expect(.rightParen)
                let stored = accept(.stored)
                kind = .generated(expression, stored: stored)
            }
        } else {
            if constraintName != nil { throw failure(expected: ["a constraint"]) }
            return nil
        }
        let attributes = try parseConstraintAttributes()
        return ColumnConstraint(name: constraintName, kind: kind, attributes: attributes, range: range(from: start))
    }

    mutating func parseConstraintAttributes() throws(ParseFailure) -> ConstraintAttributes {
        var attributes = ConstraintAttributes()
        while true {
            if accept(.not, .valid) { attributes.notValid = true }
            else if accept(.deferrable) { attributes.deferrable = true }
            else if accept(.not, .deferrable) { attributes.deferrable = false }
            else if accept(.initially, .deferred) { attributes.initiallyDeferred = true }
            else if accept(.initially, .immediate) { attributes.initiallyDeferred = false }
            else if accept(.no, .inherit) { attributes.noInherit = true }
            else { return attributes }
        }
    }

    /// `[CONSTRAINT name] CHECK|UNIQUE|PRIMARY KEY|FOREIGN KEY|EXCLUDE …`, or `nil` when none starts here.
    mutating func parseTableConstraintIfPresent() throws(ParseFailure) -> TableConstraint? {
        let start = current
        guard let keyword = current.keyword,
              [.constraint, .check, .unique, .primary, .foreign, .exclude].contains(keyword) else { return nil }
        if keyword == .exclude, peek().keyword != .using, peek().kind != .leftParen { return nil }
        var constraintName: Name?
        if accept(.constraint) { constraintName = try parseName(allowReserved: false, what: "a constraint name") }
        let kind: TableConstraint.Kind
        if accept(.check) {
            try expect(.leftParen)
            let condition = try parseExpression()
            try expect(.rightParen)
            kind = .check(condition, noInherit: accept(.no, .inherit))
        } else if accept(.unique) {
            if accept(.using) {
                try expect(.index)
                kind = .usingIndex(primaryKey: false, index: try parseName())
            } else {
                var nullsNotDistinct = false
                if accept(.nulls) { nullsNotDistinct = accept(.not); try expect(.distinct) }
                let columns = try parseNameList()
                kind = .unique(columns: columns, nullsNotDistinct: nullsNotDistinct, index: try parseIndexParameters())
            }
        } else if accept(.primary) {
            try expect(.key)
            if accept(.using) {
                try expect(.index)
                kind = .usingIndex(primaryKey: true, index: try parseName())
            } else {
                let columns = try parseNameList()
                kind = .primaryKey(columns: columns, index: try parseIndexParameters())
            }
        } else if accept(.foreign) {
            try expect(.key)
            let columns = try parseNameList()
            kind = .foreignKey(columns: columns, references: try parseForeignKeyReference())
        } else if accept(.exclude) {
            var method: Name?
            if accept(.using) { method = try parseName() }
            try expect(.leftParen)
            var elements: [ExclusionElement] = []
            repeat {
                let element = try parseIndexElement()
                try expect(.with)
                var op: String
                if accept(.operator) {
                    op = "OPERATOR(" + (try skipParenthesized()) + ")"
                } else {
                    guard current.kind == .op else { throw failure(expected: ["an operator"]) }
                    op = text(current)
                    advance()
                }
                elements.append(ExclusionElement(element: element, op: op))
            } while accept(.comma)
            try expect(.rightParen)
            let parameters = try parseIndexParameters()
            var predicate: SQLExpression?
            if accept(.where) {
                try expect(.leftParen)
                predicate = try parseExpression()
                try expect(.rightParen)
            }
            kind = .exclude(method: method, elements: elements, index: parameters, where: predicate)
        } else {
            throw failure(expected: ["CHECK", "UNIQUE", "PRIMARY KEY", "FOREIGN KEY", "EXCLUDE"])
        }
        let attributes = try parseConstraintAttributes()
        return TableConstraint(name: constraintName, kind: kind, attributes: attributes, range: range(from: start))
    }

    mutating func parseIndexParameters() throws(ParseFailure) -> IndexParameters {
        var parameters = IndexParameters()
        while true {
            if accept(.include) {
                parameters.include = try parseNameList()
            } else if isKeyword(.with), peek().kind == .leftParen {
                advance()
                parameters.storageParameters = try parseStorageParameters()
            } else if accept(.using, .index, .tablespace) {
                parameters.tablespace = try parseName()
            } else {
                return parameters
            }
        }
    }

    mutating func parseForeignKeyReference() throws(ParseFailure) -> ForeignKeyReference {
        try expect(.references)
        var reference = ForeignKeyReference(table: try parseObjectName())
        if isKind(.leftParen) { reference.columns = try parseNameList() }
        while true {
            if accept(.match) {
                reference.match = lowerText(current).uppercased()
                advance()
            } else if accept(.on, .delete) {
                reference.onDelete = try parseReferentialAction()
            } else if accept(.on, .update) {
                reference.onUpdate = try parseReferentialAction()
            } else {
                return reference
            }
        }
    }

    mutating func parseReferentialAction() throws(ParseFailure) -> ReferentialAction {
        if accept(.no, .action) { return .noAction }
        if accept(.restrict) { return .restrict }
        if accept(.cascade) { return .cascade }
        if accept(.set, .null) { return .setNull(isKind(.leftParen) ? try parseNameList() : []) }
        if accept(.set, .default) { return .setDefault(isKind(.leftParen) ? try parseNameList() : []) }
        throw failure(expected: ["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"])
    }

    mutating func parsePartitionSpec() throws(ParseFailure) -> PartitionSpec {
        let strategy = lowerText(current).uppercased()
        advance()
        try expect(.leftParen)
        var keys: [IndexElement] = []
        repeat { keys.append(try parseIndexElement()) } while accept(.comma)
        try expect(.rightParen)
        return PartitionSpec(strategy: strategy, keys: keys)
    }

    /// `FOR VALUES IN (…) | FROM (…) TO (…) | WITH (MODULUS m, REMAINDER r)` or `DEFAULT`.
    mutating func parsePartitionBound() throws(ParseFailure) -> PartitionBound {
        if accept(.default) { return .default }
        try expect(.for)
        try expect(.values)
        if accept(.in) { return .list(try parseParenthesizedExpressions()) }
        if accept(.from) {
            let from = try parseParenthesizedExpressions()
            try expect(.to)
            return .range(from: from, to: try parseParenthesizedExpressions())
        }
        if accept(.with) {
            try expect(.leftParen)
            try expect(.modulus)
            guard isKind(.integer), let modulus = Int(text(current)) else { throw failure(expected: ["an integer"]) }
            advance()
            try expect(.comma)
            try expect(.remainder)
            guard isKind(.integer), let remainder = Int(text(current)) else { throw failure(expected: ["an integer"]) }
            advance()
            try expect(.rightParen)
            return .hash(modulus: modulus, remainder: remainder)
        }
        throw failure(expected: ["IN", "FROM", "WITH"])
    }

    // MARK: - CREATE VIEW

    mutating func parseCreateView(_ prefix: CreatePrefix) throws(ParseFailure) -> Statement.Kind {
        try expect(.view)
        let ifNotExists = accept(.if, .not, .exists)
        let name = try parseObjectName()
        var columns: [Name] = []
        if isKind(.leftParen) { columns = try parseNameList() }
        var options: [StorageParameter] = []
        if accept(.using) { _ = try parseName() }
        if isKeyword(.with), peek().kind == .leftParen {
            advance()
            options = try parseStorageParameters()
        }
        if accept(.tablespace) { _ = try parseName() }
        try expect(.as)
        let query = try parseQuery()
        var checkOption: String?
        var withData = true
        if accept(.with) {
            if accept(.cascaded) { checkOption = "CASCADED" } else if accept(.local) { checkOption = "LOCAL" }
            if accept(.check) {
                try expect(.option)
                if checkOption == nil { checkOption = "CASCADED" }
            } else if accept(.no) {
                try expect(.data)
                withData = false
            } else {
                try expect(.data)
            }
        }
        let isTemporary = prefix.persistence?.contains("TEMP") ?? false
        return .createView(CreateView(
            name: name, orReplace: prefix.orReplace, materialized: prefix.materialized, temporary: isTemporary,
            recursive: prefix.recursive, ifNotExists: ifNotExists, columns: columns, options: options, query: query,
            checkOption: checkOption, withData: withData))
    }

    // MARK: - CREATE INDEX

    mutating func parseCreateIndex(_ prefix: CreatePrefix) throws(ParseFailure) -> Statement.Kind {
        try expect(.index)
        let concurrently = accept(.concurrently)
        let ifNotExists = accept(.if, .not, .exists)
        var indexName: Name?
        if !isKeyword(.on) { indexName = try parseName() }
        try expect(.on)
        let only = accept(.only)
        let table = try parseObjectName()
        var method: Name?
        if accept(.using) { method = try parseName() }
        try expect(.leftParen)
        var elements: [IndexElement] = []
        repeat { elements.append(try parseIndexElement()) } while accept(.comma)
        try expect(.rightParen)
        var create = CreateIndex(
            unique: prefix.unique, concurrently: concurrently, ifNotExists: ifNotExists, name: indexName, only: only,
            table: table, method: method, elements: elements)
        while true {
            if accept(.include) {
                create.include = try parseNameList()
            } else if accept(.nulls) {
                create.nullsNotDistinct = accept(.not)
                try expect(.distinct)
            } else if isKeyword(.with), peek().kind == .leftParen {
                advance()
                create.storageParameters = try parseStorageParameters()
            } else if accept(.tablespace) {
                create.tablespace = try parseName()
            } else if accept(.where) {
                create.where = try parseExpression()
            } else {
                break
            }
        }
        return .createIndex(create)
    }

    /// `column | (expr) | func(…) [COLLATE c] [opclass [(params)]] [ASC|DESC] [NULLS FIRST|LAST]`.
    mutating func parseIndexElement() throws(ParseFailure) -> IndexElement {
        let expression: SQLExpression
        if isKind(.leftParen) {
            let start = current
            advance()
            let inner = try parseExpression()
            try expect(.rightParen)
            expression = SQLExpression(.nested(inner), range: range(from: start))
        } else {
            // A column or a function call; no operators at the top level.
            let primary = try parsePrimary()
            expression = try parsePostfix(primary)
        }
        var element = IndexElement(expression: expression)
        if accept(.collate) { element.collation = try parseObjectName(allowReserved: true) }
        if isName(current), !(isKeyword(.asc) || isKeyword(.desc) || isKeyword(.nulls) || isKeyword(.with)) {
            element.operatorClass = try parseObjectName()
            if isKind(.leftParen) { element.operatorClassParameters = try skipParenthesized() }
        }
        if accept(.asc) { element.direction = .ascending } else if accept(.desc) { element.direction = .descending }
        if accept(.nulls) {
            if accept(.first) { element.nullsFirst = true } else { try expect(.last); element.nullsFirst = false }
        }
        return element
    }

    // MARK: - CREATE TYPE / DOMAIN

    mutating func parseCreateType() throws(ParseFailure) -> Statement.Kind {
        try expect(.type)
        let name = try parseObjectName()
        if atEnd { return .createType(CreateType(name: name, definition: .shell)) }
        if isKind(.leftParen) {
            return .createType(CreateType(name: name, definition: .base(try parseStorageParameters())))
        }
        try expect(.as)
        if accept(.enum) {
            try expect(.leftParen)
            var labels: [String] = []
            if !isKind(.rightParen) {
                repeat {
                    guard isStringToken(current) else { throw failure(expected: ["a string"]) }
                    labels.append(stringValue(current))
                    advance()
                } while accept(.comma)
            }
            try expect(.rightParen)
            return .createType(CreateType(name: name, definition: .enumeration(labels)))
        }
        if accept(.range) {
            return .createType(CreateType(name: name, definition: .range(try parseStorageParameters())))
        }
        try expect(.leftParen)
        var attributes: [ColumnDefinition] = []
        if !isKind(.rightParen) {
            repeat {
                let start = current
                let attributeName = try parseName(allowReserved: true)
                var attribute = ColumnDefinition(name: attributeName, type: try parseType())
                if accept(.collate) { attribute.collation = try parseObjectName(allowReserved: true) }
                attribute.range = range(from: start)
                attributes.append(attribute)
            } while accept(.comma)
        }
        try expect(.rightParen)
        return .createType(CreateType(name: name, definition: .composite(attributes)))
    }

    mutating func parseCreateDomain() throws(ParseFailure) -> Statement.Kind {
        try expect(.domain)
        let name = try parseObjectName()
        _ = accept(.as)
        var domain = CreateDomain(name: name, type: try parseType())
        while true {
            if accept(.collate) {
                domain.collation = try parseObjectName(allowReserved: true)
                continue
            }
            let start = current
            var constraintName: Name?
            if accept(.constraint) { constraintName = try parseName() }
            if accept(.default) {
                domain.defaultValue = try parseExpression()
            } else if accept(.not, .null) {
                domain.constraints.append(ColumnConstraint(name: constraintName, kind: .notNull, range: range(from: start)))
            } else if accept(.null) {
                domain.constraints.append(ColumnConstraint(name: constraintName, kind: .null, range: range(from: start)))
            } else if accept(.check) {
                try expect(.leftParen)
                let condition = try parseExpression()
                try expect(.rightParen)
                let attributes = try parseConstraintAttributes()
                domain.constraints.append(ColumnConstraint(
                    name: constraintName, kind: .check(condition, noInherit: false), attributes: attributes, range: range(from: start)))
            } else {
                if constraintName != nil { throw failure(expected: ["NOT NULL", "NULL", "CHECK"]) }
                break
            }
        }
        return .createDomain(domain)
    }
}
