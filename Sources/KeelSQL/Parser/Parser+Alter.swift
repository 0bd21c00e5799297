extension Parser {
    // MARK: - ALTER dispatch

    mutating func parseAlter() throws(ParseFailure) -> Statement.Kind {
        let start = index
        try expect(.alter)
        switch current.keyword {
        case .table:
            advance()
            return .alterTable(try parseAlterTableBody(kind: "TABLE"))
        case .foreign where peek().keyword == .table:
            advance(); advance()
            return .alterTable(try parseAlterTableBody(kind: "FOREIGN TABLE"))
        case .index:
            advance()
            if isKeyword(.all) { index = start; return parseOther(words: 2) }
            return .alterIndex(try parseAlterTableBody(kind: "INDEX"))
        case .view:
            advance()
            return .alterTable(try parseAlterTableBody(kind: "VIEW"))
        case .materialized where peek().keyword == .view:
            advance(); advance()
            if isKeyword(.all) { index = start; return parseOther(words: 3) }
            return .alterTable(try parseAlterTableBody(kind: "MATERIALIZED VIEW"))
        case .type:
            advance()
            return .alterType(try parseAlterType())
        default:
            // ALTER SEQUENCE, SCHEMA, FUNCTION, DOMAIN, DEFAULT PRIVILEGES, … are not modeled.
            var words = 2
            if let second = current.keyword, [.default, .foreign, .text, .event, .large, .user, .operator].contains(second) {
                words = 3
            }
            var object: ObjectName?
            let saved = index
            advance()
            if words == 3 { advance() }
            if isName(current) { object = try? parseObjectName() }
            index = saved
            index = start
            return parseOther(words: words, object: object)
        }
    }

    mutating func parseAlterTableBody(kind: String) throws(ParseFailure) -> AlterTable {
        let ifExists = accept(.if, .exists)
        let only = accept(.only)
        let name = try parseObjectName()
        if isOperator("*") { advance() }
        var alter = AlterTable(objectKind: kind, ifExists: ifExists, only: only, name: name, actions: [])
        repeat {
            alter.actions.append(try parseAlterTableAction(kind: kind))
        } while accept(.comma)
        return alter
    }

    // MARK: - ALTER TABLE actions

    mutating func parseAlterTableAction(kind: String) throws(ParseFailure) -> AlterTableAction {
        let actionStart = current
        if accept(.add) {
            if let constraint = try parseTableConstraintIfPresent() {
                return .addConstraint(constraint)
            }
            _ = accept(.column)
            let ifNotExists = accept(.if, .not, .exists)
            return .addColumn(try parseColumnDefinition(), ifNotExists: ifNotExists)
        }
        if accept(.drop) {
            if accept(.constraint) {
                let ifExists = accept(.if, .exists)
                let constraintName = try parseName()
                return .dropConstraint(constraintName, ifExists: ifExists, behavior: parseDropBehavior())
            }
            _ = accept(.column)
            let ifExists = accept(.if, .exists)
            let column = try parseName(allowReserved: false, what: "a column name")
            return .dropColumn(column, ifExists: ifExists, behavior: parseDropBehavior())
        }
        if accept(.alter) {
            if accept(.constraint) {
                let constraintName = try parseName()
                return .alterConstraint(constraintName, try parseConstraintAttributes())
            }
            _ = accept(.column)
            // ALTER INDEX … ALTER COLUMN 1 SET STATISTICS n names the column by number.
            let column: Name
            if isKind(.integer) {
                column = Name(text(current), quoted: false, range: current.range)
                advance()
            } else {
                column = try parseName(allowReserved: false, what: "a column name")
            }
            return try parseAlterColumn(column, start: actionStart)
        }
        if accept(.validate) {
            try expect(.constraint)
            return .validateConstraint(try parseName())
        }
        if accept(.rename) {
            if accept(.to) { return .renameTable(to: try parseName()) }
            if accept(.constraint) {
                let old = try parseName()
                try expect(.to)
                return .renameConstraint(old, to: try parseName())
            }
            _ = accept(.column)
            let old = try parseName()
            try expect(.to)
            return .renameColumn(old, to: try parseName())
        }
        if accept(.set) {
            if accept(.schema) { return .setSchema(try parseName()) }
            if accept(.tablespace) { return .setTablespace(try parseName()) }
            if accept(.logged) { return .setLogged }
            if accept(.unlogged) { return .setUnlogged }
            if accept(.without) {
                if accept(.cluster) { return .setWithoutCluster }
                try expect(.oids)
                return .setWithoutOids
            }
            if accept(.access) {
                try expect(.method)
                return .setAccessMethod(try parseName())
            }
            if isKind(.leftParen) { return .setStorageParameters(try parseStorageParameters()) }
            return .other(restOfAction(from: actionStart))
        }
        if accept(.reset) {
            if isKind(.leftParen) { return .resetStorageParameters(try parseStorageParameters().map(\.name)) }
            return .other(restOfAction(from: actionStart))
        }
        if accept(.enable) {
            var mode: String?
            if accept(.replica) { mode = "REPLICA" } else if accept(.always) { mode = "ALWAYS" }
            if accept(.trigger) {
                if accept(.all) { return .enableTrigger(nil, all: true, user: false, mode: mode) }
                if accept(.user) { return .enableTrigger(nil, all: false, user: true, mode: mode) }
                return .enableTrigger(try parseName(), all: false, user: false, mode: mode)
            }
            if accept(.rule) { return .enableRule(try parseName(), mode: mode) }
            if accept(.row, .level, .security) { return .rowLevelSecurity("ENABLE") }
            throw failure(expected: ["TRIGGER", "RULE", "ROW LEVEL SECURITY"])
        }
        if accept(.disable) {
            if accept(.trigger) {
                if accept(.all) { return .disableTrigger(nil, all: true, user: false) }
                if accept(.user) { return .disableTrigger(nil, all: false, user: true) }
                return .disableTrigger(try parseName(), all: false, user: false)
            }
            if accept(.rule) { return .disableRule(try parseName()) }
            if accept(.row, .level, .security) { return .rowLevelSecurity("DISABLE") }
            throw failure(expected: ["TRIGGER", "RULE", "ROW LEVEL SECURITY"])
        }
        if accept(.force) {
            try expect(.row); try expect(.level); try expect(.security)
            return .rowLevelSecurity("FORCE")
        }
        if accept(.no) {
            if accept(.force) {
                try expect(.row); try expect(.level); try expect(.security)
                return .rowLevelSecurity("NO FORCE")
            }
            try expect(.inherit)
            return .noInherit(try parseObjectName())
        }
        if accept(.cluster) {
            try expect(.on)
            return .clusterOn(try parseName())
        }
        if accept(.inherit) { return .inherit(try parseObjectName()) }
        if accept(.of) { return .of(try parseObjectName()) }
        if accept(.not, .of) { return .notOf }
        if accept(.owner) {
            try expect(.to)
            return .ownerTo(try parseName(allowReserved: true))
        }
        if accept(.replica) {
            try expect(.identity)
            let start = current.start
            index = Swift.max(index, index)
            while !atEnd, !isKind(.comma) { advance() }
            return .replicaIdentity(text(from: start, to: previous.end).uppercased())
        }
        if accept(.attach) {
            try expect(.partition)
            let partition = try parseObjectName()
            if kind == "INDEX" { return .attachIndexPartition(partition) }
            return .attachPartition(partition, bound: try parsePartitionBound())
        }
        if accept(.detach) {
            try expect(.partition)
            let partition = try parseObjectName()
            let concurrently = accept(.concurrently)
            let finalize = accept(.finalize)
            return .detachPartition(partition, concurrently: concurrently, finalize: finalize)
        }
        if kind != "TABLE" && kind != "FOREIGN TABLE", current.kind == .word {
            // ALTER VIEW … ALTER/OPTIONS/…: keep as text.
            return .other(restOfAction(from: actionStart))
        }
        throw failure(expected: ["ADD", "DROP", "ALTER", "RENAME", "SET", "VALIDATE", "ENABLE", "DISABLE", "ATTACH", "DETACH", "OWNER TO"])
    }

    /// `ALTER [COLUMN] name …`.
    mutating func parseAlterColumn(_ column: Name, start: Token) throws(ParseFailure) -> AlterTableAction {
        if accept(.type) || accept(.set, .data, .type) {
            return try parseAlterColumnType(column)
        }
        if accept(.set) {
            if accept(.default) { return .setDefault(column, try parseExpression()) }
            if accept(.not, .null) { return .setNotNull(column) }
            if accept(.statistics) {
                let negative = acceptOperator("-")
                guard isKind(.integer), let value = Int(text(current)) else { throw failure(expected: ["an integer"]) }
                advance()
                return .setStatistics(column, negative ? -value : value)
            }
            if accept(.storage) {
                let storage = lowerText(current).uppercased()
                advance()
                return .setStorage(column, storage)
            }
            if accept(.compression) {
                let method = lowerText(current)
                advance()
                return .setCompression(column, method)
            }
            if isKind(.leftParen) { return .setColumnOptions(column, try parseStorageParameters(), reset: false) }
            // SET GENERATED …, SET sequence_option: identity changes.
            return .alterIdentity(column, text: restOfAction(from: start))
        }
        if accept(.reset) {
            return .setColumnOptions(column, try parseStorageParameters(), reset: true)
        }
        if accept(.drop) {
            if accept(.default) { return .dropDefault(column) }
            if accept(.not, .null) { return .dropNotNull(column) }
            if accept(.expression) { return .dropExpression(column, ifExists: accept(.if, .exists)) }
            if accept(.identity) { return .dropIdentity(column, ifExists: accept(.if, .exists)) }
            throw failure(expected: ["DEFAULT", "NOT NULL", "EXPRESSION", "IDENTITY"])
        }
        if accept(.add, .generated) {
            var always = true
            if accept(.by) { try expect(.default); always = false } else { try expect(.always) }
            try expect(.as)
            try expect(.identity)
            var options: String?
            if isKind(.leftParen) { options = try skipParenthesized() }
            return .addIdentity(column, always: always, options: options)
        }
        if accept(.restart) {
            return .alterIdentity(column, text: restOfAction(from: start))
        }
        throw failure(expected: ["TYPE", "SET", "DROP", "ADD GENERATED"])
    }

    mutating func parseAlterColumnType(_ column: Name) throws(ParseFailure) -> AlterTableAction {
        let type = try parseType()
        var collation: ObjectName?
        if accept(.collate) { collation = try parseObjectName(allowReserved: true) }
        var using: SQLExpression?
        if accept(.using) { using = try parseExpression() }
        return .alterColumnType(column, type: type, collation: collation, using: using)
    }

    /// The text of the current action up to the next top-level comma, consumed.
    mutating func restOfAction(from start: Token) -> String {
        var level = 0
        while !atEnd {
            if isKind(.leftParen) { level += 1 }
            if isKind(.rightParen) { level -= 1 }
            if isKind(.comma), level <= 0 { break }
            advance()
        }
        return text(from: start.start, to: Swift.max(previous.end, start.start))
    }

    func parseDropBehaviorValue() -> DropBehavior? {
        switch current.keyword {
        case .cascade: .cascade
        case .restrict: .restrict
        default: nil
        }
    }

    mutating func parseDropBehavior() -> DropBehavior? {
        let behavior = parseDropBehaviorValue()
        if behavior != nil { advance() }
        return behavior
    }

    // MARK: - ALTER TYPE

    mutating func parseAlterType() throws(ParseFailure) -> AlterType {
        let name = try parseObjectName()
        let actionStart = current
        if accept(.add, .value) {
            let ifNotExists = accept(.if, .not, .exists)
            guard isStringToken(current) else { throw failure(expected: ["a string"]) }
            let value = stringValue(current)
            advance()
            var before: Bool?
            var neighbor: String?
            if accept(.before) { before = true } else if accept(.after) { before = false }
            if before != nil {
                guard isStringToken(current) else { throw failure(expected: ["a string"]) }
                neighbor = stringValue(current)
                advance()
            }
            return AlterType(name: name, action: .addValue(value, ifNotExists: ifNotExists, before: before, neighbor: neighbor))
        }
        if accept(.rename, .value) {
            guard isStringToken(current) else { throw failure(expected: ["a string"]) }
            let old = stringValue(current)
            advance()
            try expect(.to)
            guard isStringToken(current) else { throw failure(expected: ["a string"]) }
            let new = stringValue(current)
            advance()
            return AlterType(name: name, action: .renameValue(old, to: new))
        }
        if accept(.rename, .to) { return AlterType(name: name, action: .rename(to: try parseName())) }
        if accept(.owner, .to) { return AlterType(name: name, action: .ownerTo(try parseName(allowReserved: true))) }
        if accept(.set, .schema) { return AlterType(name: name, action: .setSchema(try parseName())) }
        index = limit
        return AlterType(name: name, action: .other(text(from: actionStart.start, to: previous.end)))
    }

    // MARK: - DROP, TRUNCATE

    /// Object kinds of `DROP kind …`, longest first.
    static let dropKinds: [[Keyword]] = [
        [.materialized, .view], [.foreign, .table], [.text, .search], [.event, .trigger], [.access, .method],
        [.table], [.view], [.index], [.type], [.domain], [.sequence], [.schema], [.function], [.procedure],
        [.routine], [.aggregate], [.trigger], [.rule], [.policy], [.extension], [.database], [.role], [.user],
        [.operator], [.collation], [.conversion], [.language], [.publication], [.subscription], [.server],
        [.statistics], [.tablespace], [.transform], [.owned], [.cast],
    ]

    mutating func parseDrop() throws(ParseFailure) -> Statement.Kind {
        let start = index
        try expect(.drop)
        var kindWords: [Keyword]?
        for candidate in Self.dropKinds {
            var matches = true
            for (offset, keyword) in candidate.enumerated() where peek(offset).keyword != keyword {
                matches = false
                break
            }
            if matches { kindWords = candidate; break }
        }
        guard let kindWords else {
            index = start
            return parseOther(words: 2)
        }
        for _ in kindWords { advance() }
        let objectKind = kindWords.map { $0.rawValue.uppercased() }.joined(separator: " ")
        let modeled: Set<String> = ["TABLE", "VIEW", "MATERIALIZED VIEW", "INDEX", "TYPE", "DOMAIN", "SEQUENCE", "SCHEMA",
                                    "TRIGGER", "FOREIGN TABLE", "EXTENSION", "FUNCTION", "PROCEDURE", "RULE", "POLICY"]
        guard modeled.contains(objectKind) else {
            index = start
            return parseOther(words: 1 + kindWords.count)
        }
        let concurrently = accept(.concurrently)
        let ifExists = accept(.if, .exists)
        var names: [ObjectName] = []
        repeat {
            names.append(try parseObjectName())
            // DROP FUNCTION f(int, text)
            if isKind(.leftParen) { _ = try skipParenthesized() }
        } while accept(.comma)
        var onTable: ObjectName?
        if accept(.on) { onTable = try parseObjectName() }
        let behavior = parseDropBehavior()
        return .drop(Drop(objectKind: objectKind, concurrently: concurrently, ifExists: ifExists, names: names, onTable: onTable, behavior: behavior))
    }

    mutating func parseTruncate() throws(ParseFailure) -> Statement.Kind {
        try expect(.truncate)
        _ = accept(.table)
        var tables: [TableRef] = []
        repeat {
            let start = current
            let only = accept(.only)
            let name = try parseObjectName()
            var table = TableRef(name: name, only: only, range: range(from: start))
            if isOperator("*") { advance(); table.descendants = true }
            tables.append(table)
        } while accept(.comma)
        var truncate = Truncate(tables: tables)
        if accept(.restart, .identity) { truncate.restartIdentity = true } else { _ = accept(.continue, .identity) }
        truncate.behavior = parseDropBehavior()
        return .truncate(truncate)
    }

    // MARK: - COMMENT ON

    mutating func parseComment() throws(ParseFailure) -> Statement.Kind {
        try expect(.comment)
        try expect(.on)
        var kindWords: [String] = []
        let twoWordKinds: Set<Keyword> = [.materialized, .foreign, .text, .event, .access, .large, .operator]
        if let first = current.keyword, twoWordKinds.contains(first), peek().kind == .word, !(first == .operator && peek().kind != .word) {
            // OPERATOR CLASS / FAMILY only; a plain OPERATOR is followed by its name.
            if first != .operator || peek().keyword == .class || peek().keyword == .family {
                kindWords.append(lowerText(current).uppercased())
                advance()
            }
        }
        guard current.kind == .word else { throw failure(expected: ["an object kind"]) }
        kindWords.append(lowerText(current).uppercased())
        advance()
        let objectKind = kindWords.joined(separator: " ")
        var object: ObjectName
        var arguments: String?
        if objectKind == "OPERATOR" {
            let start = current
            while !atEnd, !isKind(.leftParen) { advance() }
            object = ObjectName([Name(text(from: start.start, to: previous.end), quoted: true, range: start.range)], range: range(from: start))
        } else if objectKind == "CAST" || objectKind == "TRANSFORM" {
            let start = current
            arguments = try skipParenthesized()
            object = ObjectName([], range: range(from: start))
        } else {
            object = try parseObjectName(allowReserved: true)
        }
        if isKind(.leftParen) { arguments = try skipParenthesized() }
        var onTable: ObjectName?
        if accept(.on) {
            _ = accept(.domain)
            onTable = try parseObjectName()
        }
        try expect(.is)
        var commentText: String?
        if accept(.null) {
            commentText = nil
        } else {
            guard isStringToken(current) else { throw failure(expected: ["a string", "NULL"]) }
            commentText = stringValue(current)
            advance()
        }
        return .comment(Comment(objectKind: objectKind, object: object, onTable: onTable, arguments: arguments, text: commentText))
    }
}
