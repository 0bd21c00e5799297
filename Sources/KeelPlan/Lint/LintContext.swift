import Foundation
import KeelCore
import KeelSQL

/// What a rule may know when it judges a statement: the catalog, the options, and what the file
/// did before this statement (tables it created, the transaction it is in, the timeouts it set).
struct LintContext: Sendable {
    /// The catalog, when `--catalog` or `--db` gave one.
    let catalog: CatalogIndex?
    /// The schemas unqualified names resolve against, in order.
    let searchPath: [String]
    /// Whether a migration tool wraps the file in a transaction (`--assume-in-transaction`).
    let assumeInTransaction: Bool
    /// What the file did so far.
    private(set) var state = FileState()

    init(catalog: CatalogIndex?, searchPath: [String], assumeInTransaction: Bool) {
        self.catalog = catalog
        self.searchPath = searchPath.isEmpty ? ["public"] : searchPath
        self.assumeInTransaction = assumeInTransaction
        self.state.assumedOpen = assumeInTransaction
    }

    // MARK: Names

    /// The relation a name means: its schema if qualified, else the first schema of the search path
    /// where the catalog (or this file) has it, else the first schema of the search path.
    func resolve(_ name: ObjectName) -> TableKey {
        if let schema = name.schema { return TableKey(schema: schema.value, name: name.name.value) }
        let relation = name.name.value
        for schema in searchPath {
            let key = TableKey(schema: schema, name: relation)
            if state.createdTables.contains(key) || catalog?.hasRelation(schema: schema, name: relation) == true { return key }
        }
        return TableKey(schema: searchPath[0], name: relation)
    }

    /// The catalog's table, if the catalog has it and this file has not replaced it.
    func table(_ key: TableKey) -> Catalog.Table? {
        state.createdTables.contains(key) ? nil : catalog?.tables[key]
    }

    /// The catalog's column of a table.
    func column(_ key: TableKey, _ column: String) -> Catalog.Column? {
        table(key)?.column(named: column)
    }

    // MARK: Exemptions

    /// Whether the table was created earlier in this file (nobody else can be using it yet).
    func isNew(_ key: TableKey) -> Bool { state.createdTables.contains(key) }

    /// Whether the catalog's row estimate says the table is empty.
    func isEmpty(_ key: TableKey) -> Bool { table(key)?.isKnownEmpty ?? false }

    /// Whether locks, scans and rewrites on this table are harmless: it is new in this file, or empty.
    func isExempt(_ key: TableKey) -> Bool { isNew(key) || isEmpty(key) }

    /// ` (about 1,234,567 rows)` when the catalog knows the table's size, else empty.
    func sizeNote(_ key: TableKey) -> String {
        guard let table = table(key) else { return "" }
        var parts: [String] = []
        if let rows = table.rowEstimate { parts.append("about \(Self.grouped(rows)) rows") }
        if let bytes = table.stats?.totalBytes, bytes > 0 { parts.append(Self.bytes(bytes)) }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    static func bytes(_ value: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1024, unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : String(format: "%.1f %@", amount, units[unit])
    }

    // MARK: Transactions and settings

    /// Whether the statement runs inside a transaction block (explicit `BEGIN`, or assumed).
    var inTransaction: Bool { state.transactionStart != nil || state.assumedOpen }
    /// Where the open explicit transaction began.
    var transactionStart: SourceRange? { state.transactionStart }
    /// Whether a non-zero `lock_timeout` is in force.
    var lockTimeoutActive: Bool { state.lockTimeout.session || state.lockTimeout.local }
    /// Whether a non-zero `statement_timeout` is in force.
    var statementTimeoutActive: Bool { state.statementTimeout.session || state.statementTimeout.local }
    /// Whether `constraint` on `table` was added `NOT VALID` in the current transaction block.
    func addedNotValidInThisTransaction(_ table: TableKey, _ constraint: String) -> Bool {
        state.notValidInTransaction.contains(ConstraintRef(table: table, name: constraint))
    }

    // MARK: Constraints and columns

    /// Whether `column` is already NOT NULL, or a validated `CHECK (column IS NOT NULL)` exists
    /// (in the catalog or added and validated earlier in this file): then SET NOT NULL skips its scan.
    func notNullIsProven(_ key: TableKey, _ column: String) -> Bool {
        if state.fileConstraints[key]?.values.contains(where: { $0.validated && $0.notNullColumns.contains(column) }) == true {
            return true
        }
        guard let table = table(key) else { return false }
        if let existing = table.column(named: column), !existing.nullable { return true }
        return table.constraints.contains { constraint in
            constraint.kind == .check && constraint.validated
                && Self.notNullColumns(inCheck: constraint.checkExpression ?? constraint.definition).contains(column)
        }
    }

    /// Whether `column` is NOT NULL in the catalog (not counting CHECK constraints).
    func isDeclaredNotNull(_ key: TableKey, _ column: String) -> Bool {
        if let existing = self.column(key, column) { return !existing.nullable }
        return false
    }

    /// The kind of a constraint by name: added in this file, else from the catalog, else guessed
    /// from PostgreSQL's default names (`_fkey`, `_pkey`, `_key`, `_check`, `_excl`).
    func constraintKind(_ key: TableKey, _ name: String) -> (kind: Catalog.ConstraintKind, known: Bool)? {
        if let added = state.fileConstraints[key]?[name] { return (added.kind, true) }
        if let constraint = table(key)?.constraints.first(where: { $0.name.name == name }) { return (constraint.kind, true) }
        let guesses: [(String, Catalog.ConstraintKind)] = [("_fkey", .foreignKey), ("_pkey", .primaryKey), ("_key", .unique),
                                                           ("_check", .check), ("_excl", .exclusion)]
        for (suffix, kind) in guesses where name.hasSuffix(suffix) { return (kind, false) }
        return nil
    }

    /// Columns a unique index or constraint already guarantees unique on `key` (each entry one key).
    func uniqueKeys(_ key: TableKey) -> [[String]] {
        guard let table = table(key) else { return [] }
        return table.indexes.filter { $0.unique && $0.valid && $0.predicate == nil }.compactMap { index in
            let columns = index.keys.compactMap { $0.column?.name }
            return columns.count == index.keys.count ? columns : nil
        }
    }

    /// The column names a CHECK expression proves NOT NULL: `col IS NOT NULL` conjuncts.
    static func notNullColumns(inCheck text: String) -> Set<String> {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.uppercased().hasPrefix("CHECK") { body = String(body.dropFirst(5)) }
        if let range = body.range(of: " NOT VALID", options: [.caseInsensitive, .backwards]) { body.removeSubrange(range) }
        guard let expression = try? Parser.parseExpression(body) else { return [] }
        return notNullColumns(in: expression)
    }

    /// The column names an expression proves NOT NULL: `col IS NOT NULL` conjuncts and `NOT (col IS NULL)`.
    static func notNullColumns(in expression: SQLExpression) -> Set<String> {
        switch expression.kind {
        case .nested(let inner): return notNullColumns(in: inner)
        case .binary(let op, let left, let right) where op == "AND":
            return notNullColumns(in: left).union(notNullColumns(in: right))
        case .isTest(let value, let test) where test == "NOT NULL":
            if case .column(let ref) = stripped(value).kind { return [ref.column.value] }
            return []
        case .unary(let op, let operand) where op == "NOT":
            if case .isTest(let value, let test) = stripped(operand).kind, test == "NULL",
               case .column(let ref) = stripped(value).kind {
                return [ref.column.value]
            }
            return []
        default: return []
        }
    }

    static func stripped(_ expression: SQLExpression) -> SQLExpression {
        if case .nested(let inner) = expression.kind { return stripped(inner) }
        return expression
    }

    // MARK: Advancing

    /// Records what `statement` did, so later statements see it.
    mutating func advance(past statement: LintStatement) {
        state.advance(past: statement, context: self)
    }
}

/// A constraint on a table, by name.
struct ConstraintRef: Hashable, Sendable {
    var table: TableKey
    var name: String
}

/// A constraint added earlier in the file.
struct FileConstraint: Sendable {
    var kind: Catalog.ConstraintKind
    var validated: Bool
    var notNullColumns: Set<String>
}

/// A timeout setting: set for the session, or `SET LOCAL` for the current transaction.
struct TimeoutSetting: Sendable {
    var session = false
    var local = false
}

/// What the file did so far.
struct FileState: Sendable {
    var createdTables: Set<TableKey> = []
    var createdIndexes: Set<TableKey> = []
    var fileConstraints: [TableKey: [String: FileConstraint]] = [:]
    var transactionStart: SourceRange?
    var assumedOpen = false
    var lockTimeout = TimeoutSetting()
    var statementTimeout = TimeoutSetting()
    var notValidInTransaction: Set<ConstraintRef> = []
    /// Whether `BEGIN` or `COMMIT` was seen at all.
    var sawTransactionControl = false

    mutating func advance(past statement: LintStatement, context: LintContext) {
        switch statement.kind {
        case .createTable(let create):
            let key = context.resolve(create.name)
            createdTables.insert(key)
            for element in create.elements {
                if case .constraint(let constraint) = element, let name = constraint.name?.value {
                    record(constraint, named: name, on: key, validated: true)
                }
            }
        case .createTableAs(let create):
            createdTables.insert(context.resolve(create.name))
        case .createView(let view):
            createdTables.insert(context.resolve(view.name))
        case .createIndex(let index):
            if let name = index.name {
                createdIndexes.insert(TableKey(schema: context.resolve(index.table).schema, name: name.value))
            }
        case .alterTable(let alter):
            let key = context.resolve(alter.name)
            for action in alter.actions {
                switch action {
                case .addConstraint(let constraint):
                    guard let name = constraint.name?.value else { continue }
                    record(constraint, named: name, on: key, validated: !constraint.attributes.notValid)
                    if constraint.attributes.notValid, context.inTransaction || transactionStart != nil {
                        notValidInTransaction.insert(ConstraintRef(table: key, name: name))
                    }
                case .validateConstraint(let name):
                    fileConstraints[key]?[name.value]?.validated = true
                case .dropConstraint(let name, _, _):
                    fileConstraints[key]?[name.value] = nil
                case .renameTable(let newName):
                    if createdTables.remove(key) != nil {
                        createdTables.insert(TableKey(schema: key.schema, name: newName.value))
                    }
                default: break
                }
            }
        case .drop(let drop) where drop.objectKind == "TABLE":
            for name in drop.names { createdTables.remove(context.resolve(name)) }
        case .transaction(let transaction):
            sawTransactionControl = true
            switch transaction.kind {
            case .begin:
                if transactionStart == nil { transactionStart = statement.range }
            case .commit, .rollback, .prepareTransaction:
                transactionStart = nil
                assumedOpen = false
                lockTimeout.local = false
                statementTimeout.local = false
                notValidInTransaction = []
            default: break
            }
        case .set(let set):
            apply(set, inTransaction: context.inTransaction)
        default: break
        }
    }

    mutating func record(_ constraint: TableConstraint, named name: String, on key: TableKey, validated: Bool) {
        var kind: Catalog.ConstraintKind
        var notNull: Set<String> = []
        switch constraint.kind {
        case .check(let expression, _):
            kind = .check
            notNull = LintContext.notNullColumns(in: expression)
        case .foreignKey: kind = .foreignKey
        case .unique: kind = .unique
        case .primaryKey: kind = .primaryKey
        case .exclude: kind = .exclusion
        case .usingIndex(let primaryKey, _): kind = primaryKey ? .primaryKey : .unique
        }
        fileConstraints[key, default: [:]][name] = FileConstraint(kind: kind, validated: validated, notNullColumns: notNull)
    }

    mutating func apply(_ set: SetStatement, inTransaction: Bool) {
        let command = set.command.uppercased()
        if command == "RESET" {
            if set.parameter == "all" {
                lockTimeout = TimeoutSetting()
                statementTimeout = TimeoutSetting()
            } else if set.parameter == "lock_timeout" {
                lockTimeout = TimeoutSetting()
            } else if set.parameter == "statement_timeout" {
                statementTimeout = TimeoutSetting()
            }
            return
        }
        guard set.parameter == "lock_timeout" || set.parameter == "statement_timeout" else { return }
        let enabled = !set.isDefault && !set.values.isEmpty && !Self.isZero(set.values[0])
        let local = command.contains("LOCAL")
        func update(_ setting: inout TimeoutSetting) {
            if local {
                // SET LOCAL outside a transaction block has no effect (PostgreSQL only warns).
                setting.local = enabled && inTransaction
            } else {
                setting.session = enabled
                if !enabled { setting.local = false }
            }
        }
        if set.parameter == "lock_timeout" { update(&lockTimeout) } else { update(&statementTimeout) }
    }

    /// `0`, `'0'`, `'0ms'`, `'0s'`: the timeout is off.
    static func isZero(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")).lowercased()
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        guard !digits.isEmpty, let number = Double(digits) else { return false }
        return number == 0
    }
}
