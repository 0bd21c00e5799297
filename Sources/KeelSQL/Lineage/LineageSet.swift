/// A source column, by its displayed relation name and column name.
struct SourceKey: Hashable, Sendable {
    let table: String
    let column: String
}

/// INDIRECT subtypes as a bit set.
struct IndirectMask: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    static let join = IndirectMask(rawValue: 1)
    static let filter = IndirectMask(rawValue: 2)
    static let groupBy = IndirectMask(rawValue: 4)
    static let sort = IndirectMask(rawValue: 8)
    static let window = IndirectMask(rawValue: 16)
    static let conditional = IndirectMask(rawValue: 32)

    static let ordered: [(IndirectMask, LineageSubtype)] = [
        (.join, .join), (.filter, .filter), (.groupBy, .groupBy), (.sort, .sort), (.window, .window), (.conditional, .conditional),
    ]

    var subtypes: [LineageSubtype] { Self.ordered.filter { contains($0.0) }.map(\.1) }
}

/// DIRECT subtypes, ordered: composing two takes the larger.
enum DirectKind: Int, Comparable, Hashable, Sendable {
    case identity = 0, transformation = 1, aggregation = 2

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    var subtype: LineageSubtype {
        switch self {
        case .identity: .identity
        case .transformation: .transformation
        case .aggregation: .aggregation
        }
    }
}

/// How an expression is used where it appears: its value flows (DIRECT), or it only decides (INDIRECT).
enum Use: Hashable {
    case direct(DirectKind)
    case indirect(IndirectMask)

    /// The use of an operand of a computation: DIRECT at least TRANSFORMATION, INDIRECT unchanged.
    func raised(_ kind: DirectKind) -> Use {
        switch self {
        case .direct(let current): .direct(Swift.max(current, kind))
        case .indirect: self
        }
    }

    /// The use of a condition inside a DIRECT value (CASE WHEN, window PARTITION BY): INDIRECT with `mask`;
    /// inside an INDIRECT use the outer subtype wins.
    func deciding(_ mask: IndirectMask) -> Use {
        switch self {
        case .direct: .indirect(mask)
        case .indirect: self
        }
    }
}

/// The sources of one value: DIRECT edges with their subtype, INDIRECT edges with theirs.
struct LineageSet: Equatable, Sendable {
    var direct: [SourceKey: DirectKind] = [:]
    var indirect: [SourceKey: IndirectMask] = [:]

    var isEmpty: Bool { direct.isEmpty && indirect.isEmpty }

    mutating func addDirect(_ key: SourceKey, _ kind: DirectKind) {
        if let existing = direct[key], existing >= kind { return }
        direct[key] = kind
    }

    mutating func addIndirect(_ key: SourceKey, _ mask: IndirectMask) {
        indirect[key, default: []].formUnion(mask)
    }

    mutating func addIndirect(_ other: [SourceKey: IndirectMask]) {
        for (key, mask) in other { addIndirect(key, mask) }
    }

    /// Adds `other` (the sources of a referenced value) as used by `use`.
    mutating func add(_ other: LineageSet, as use: Use) {
        switch use {
        case .direct(let kind):
            for (key, inner) in other.direct { addDirect(key, Swift.max(kind, inner)) }
            for (key, mask) in other.indirect { addIndirect(key, mask) }
        case .indirect(let mask):
            for key in other.direct.keys { addIndirect(key, mask) }
            for key in other.indirect.keys { addIndirect(key, mask) }
        }
    }

    /// Adds `other` unchanged.
    mutating func merge(_ other: LineageSet) {
        for (key, kind) in other.direct { addDirect(key, kind) }
        for (key, mask) in other.indirect { addIndirect(key, mask) }
    }

    /// Every source, whatever its use, as INDIRECT with `mask`.
    func allAsIndirect(_ mask: IndirectMask) -> [SourceKey: IndirectMask] {
        var result: [SourceKey: IndirectMask] = [:]
        for key in direct.keys { result[key, default: []].formUnion(mask) }
        for key in indirect.keys { result[key, default: []].formUnion(mask) }
        return result
    }

    /// The edges, sorted: DIRECT first, then by table, column and subtype.
    var sources: [ColumnSource] {
        var result: [ColumnSource] = []
        result.reserveCapacity(direct.count + indirect.count)
        for (key, kind) in direct {
            result.append(ColumnSource(table: key.table, column: key.column, type: .direct, subtype: kind.subtype))
        }
        for (key, mask) in indirect {
            for subtype in mask.subtypes {
                result.append(ColumnSource(table: key.table, column: key.column, type: .indirect, subtype: subtype))
            }
        }
        return result.sorted()
    }

    /// A single-relation, single-column DIRECT IDENTITY set.
    static func identity(_ table: String, _ column: String) -> LineageSet {
        var set = LineageSet()
        set.direct[SourceKey(table: table, column: column)] = .identity
        return set
    }
}

/// Statement-level INDIRECT uses as sorted edges.
func indirectSources(_ uses: [SourceKey: IndirectMask]) -> [IndirectSource] {
    var result: [IndirectSource] = []
    for (key, mask) in uses {
        for subtype in mask.subtypes { result.append(IndirectSource(table: key.table, column: key.column, subtype: subtype)) }
    }
    return result.sorted()
}

/// The lineage of a query's output: named columns plus the statement-level uses inside it.
struct QueryLineage: Equatable, Sendable {
    var columns: [(name: String, lineage: LineageSet)]
    var indirect: [SourceKey: IndirectMask] = [:]

    init(columns: [(name: String, lineage: LineageSet)] = [], indirect: [SourceKey: IndirectMask] = [:]) {
        self.columns = columns
        self.indirect = indirect
    }

    static func == (lhs: QueryLineage, rhs: QueryLineage) -> Bool {
        lhs.indirect == rhs.indirect && lhs.columns.count == rhs.columns.count
            && zip(lhs.columns, rhs.columns).allSatisfy { $0.name == $1.name && $0.lineage == $1.lineage }
    }

    /// The output column with this name: the first one, as PostgreSQL would complain of ambiguity.
    /// A query whose `*` stayed unexpanded (unknown columns) passes any name through its `*` column.
    func column(_ name: String) -> LineageSet? {
        if let match = columns.first(where: { $0.name == name }) { return match.lineage }
        guard let star = columns.first(where: { $0.name == "*" }) else { return nil }
        var renamed = LineageSet()
        for (key, kind) in star.lineage.direct {
            renamed.addDirect(key.column == "*" ? SourceKey(table: key.table, column: name) : key, kind)
        }
        for (key, mask) in star.lineage.indirect { renamed.addIndirect(key, mask) }
        return renamed
    }

    /// The columns renamed by a column list (`AS t(a, b)`, `CREATE VIEW v (a, b)`), by position.
    func renamed(_ names: [String]) -> QueryLineage {
        var result = self
        for (offset, name) in names.enumerated() where offset < result.columns.count {
            result.columns[offset].name = name
        }
        return result
    }
}
