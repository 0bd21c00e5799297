import KeelCore

/// Which columns a diff compares and how, worked out from both tables' shapes before any data
/// is read. All SQL fragments the diff runs are built here, from identifiers and fixed text.
struct DiffPlan: Sendable {
    /// How two values of a column are compared.
    enum Comparison: Sendable {
        /// Same type with its own `=`: compared as they are (fastest).
        case native
        /// Both numeric (integer, numeric, float, money) but different types: compared as numeric,
        /// so integer 5 equals numeric 5.00.
        case numeric
        /// Anything else: compared by PostgreSQL's text output.
        case text
    }

    struct Pair: Sendable {
        var name: Identifier
        var a: TableShape.Column
        var b: TableShape.Column
        var comparison: Comparison
    }

    var tableA: TableShape
    var tableB: TableShape
    var key: [Pair]
    var columns: [Pair]
    var onlyInA: [Identifier]
    var onlyInB: [Identifier]
    var uniqueA: Bool
    var uniqueB: Bool

    init(a: TableShape, b: TableShape, key: [Identifier], columns: [Identifier]?) throws(DiffError) {
        guard !key.isEmpty else { throw .noKey }
        var seen = Set<Identifier>()
        for name in key + (columns ?? []) where !seen.insert(name).inserted {
            throw .duplicateColumn(column: name.name)
        }
        self.tableA = a
        self.tableB = b
        var keyPairs: [Pair] = []
        for name in key {
            guard let ca = a.column(name) else { throw .unknownKeyColumn(column: name.name, table: a.name.display) }
            guard let cb = b.column(name) else { throw .unknownKeyColumn(column: name.name, table: b.name.display) }
            let comparison = Self.comparison(ca, cb)
            if comparison == .text && ca.typeName != cb.typeName && !(ca.category == "S" && cb.category == "S") {
                throw .keyTypeMismatch(column: name.name, typeA: ca.typeDisplay, typeB: cb.typeDisplay)
            }
            keyPairs.append(Pair(name: name, a: ca, b: cb, comparison: comparison))
        }
        self.key = keyPairs
        let keySet = Set(key)
        var pairs: [Pair] = []
        if let columns {
            for name in columns {
                guard let ca = a.column(name) else { throw .unknownColumn(column: name.name, table: a.name.display) }
                guard let cb = b.column(name) else { throw .unknownColumn(column: name.name, table: b.name.display) }
                pairs.append(Pair(name: name, a: ca, b: cb, comparison: Self.comparison(ca, cb)))
            }
            self.onlyInA = []
            self.onlyInB = []
        } else {
            for ca in a.columns where !keySet.contains(ca.name) {
                if let cb = b.column(ca.name) {
                    pairs.append(Pair(name: ca.name, a: ca, b: cb, comparison: Self.comparison(ca, cb)))
                }
            }
            self.onlyInA = a.columns.map(\.name).filter { b.column($0) == nil }
            self.onlyInB = b.columns.map(\.name).filter { a.column($0) == nil }
        }
        self.columns = pairs
        self.uniqueA = a.keyIsUnique(key)
        self.uniqueB = b.keyIsUnique(key)
    }

    static func comparison(_ a: TableShape.Column, _ b: TableShape.Column) -> Comparison {
        if a.typeName == b.typeName && a.hasEquality { return .native }
        if a.category == "N" && b.category == "N" { return .numeric }
        return .text
    }

    // MARK: SQL fragments

    /// The aliases the join uses for the two tables.
    static let aliasA: SQL = "a"
    static let aliasB: SQL = "b"

    /// `alias.column`, cast for comparison.
    static func compared(_ pair: Pair, alias: SQL) -> SQL {
        let ref: SQL = "\(alias).\(pair.name)"
        switch pair.comparison {
        case .native: return ref
        case .numeric: return "(\(ref))::numeric"
        case .text: return "(\(ref))::text"
        }
    }

    /// A column's value as portable text for checksums and downloads: equal values give equal
    /// text on any server, with numbers compared as numeric written in their shortest form
    /// (5, not 5.00), matching what the join compares.
    static func normalizedText(_ pair: Pair, side: Side) -> SQL {
        let column = side == .a ? pair.a : pair.b
        let numericType = column.typeName.schema.name == "pg_catalog" && column.typeName.name.name == "numeric"
        switch pair.comparison {
        case .numeric: return "pg_catalog.trim_scale((\(pair.name))::numeric)::text"
        case .native where numericType: return "pg_catalog.trim_scale(\(pair.name))::text"
        case .native, .text: return "(\(pair.name))::text"
        }
    }

    enum Side: Sendable { case a, b }

    /// `(a.x IS NULL)` style test on the first key column: true for rows only in the other table.
    /// (Key columns of matched rows are never NULL: NULL keys are set aside as nonunique_pk.)
    func missing(_ alias: SQL) -> SQL {
        "\(alias).\(key[0].name) IS NULL"
    }

    /// `a.k1 = b.k1 AND a.k2 = b.k2`.
    var joinCondition: SQL {
        SQL.joined(key.map { "\(Self.aliasA).\($0.name) = \(Self.aliasB).\($0.name)" }, separator: " AND ")
    }

    /// `k1 IS NOT NULL AND k2 IS NOT NULL` (unqualified).
    var keyNotNull: SQL {
        SQL.joined(key.map { "\($0.name) IS NOT NULL" }, separator: " AND ")
    }

    /// `(k1, k2)` unqualified, or `k1`.
    var keyTuple: SQL {
        key.count == 1 ? "\(key[0].name)" : "(\(SQL.joined(key.map { "\($0.name)" })))"
    }

    /// `k1, k2` unqualified.
    var keyList: SQL { SQL.joined(key.map { "\($0.name)" }) }
}
