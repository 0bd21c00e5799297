/// Column lineage of a SQL script, one entry per statement: what `keel lineage sql --json` prints.
///
/// ```json
/// {"statements": [{"index": 0, "kind": "insert", "target": "public.t",
///   "columns": [{"name": "c", "sources": [{"table": "public.s", "column": "a", "type": "DIRECT", "subtype": "IDENTITY"}]}],
///   "indirect": [{"table": "public.s", "column": "k", "subtype": "FILTER"}],
///   "diagnostics": []}]}
/// ```
public struct LineageReport: Codable, Sendable, Equatable {
    /// One entry per statement of the script, in order.
    public var statements: [StatementLineage]

    /// Creates a report.
    public init(statements: [StatementLineage]) {
        self.statements = statements
    }

    /// Whether any statement has an error diagnostic (a finding: exit status 1 in the CLI).
    public var hasErrors: Bool { statements.contains { $0.hasErrors } }
}

/// The column lineage of one statement, in OpenLineage's transformation vocabulary.
public struct StatementLineage: Codable, Sendable, Equatable {
    /// The statement's 0-based position in the script.
    public var index: Int
    /// What the statement is: `select`, `insert`, `update`, `delete`, `merge`, `create-table`,
    /// `create-table-as`, `select-into`, `create-view`, `create-materialized-view`, `invalid`, or the
    /// statement's leading key words in lower case joined by `-` (`alter-table`, `create-index`, `grant`, …).
    public var kind: String
    /// The relation written, schema-qualified (`public.t`); `nil` for a bare query and for statements
    /// that write no columns.
    public var target: String?
    /// The target's columns with the sources of their values. A bare SELECT lists its own output
    /// columns, named as PostgreSQL names them.
    public var columns: [ColumnLineage]
    /// Statement-level uses: columns read by WHERE, JOIN, GROUP BY, ORDER BY and the like.
    public var indirect: [IndirectSource]
    /// Problems found while parsing and binding; lineage degrades only around them.
    public var diagnostics: [LineageDiagnostic]

    /// Creates a statement's lineage.
    public init(index: Int, kind: String, target: String? = nil, columns: [ColumnLineage] = [],
                indirect: [IndirectSource] = [], diagnostics: [LineageDiagnostic] = []) {
        self.index = index
        self.kind = kind
        self.target = target
        self.columns = columns
        self.indirect = indirect
        self.diagnostics = diagnostics
    }

    /// Whether an error diagnostic was reported for the statement.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The column with this name, if the statement writes or returns it.
    public func column(_ name: String) -> ColumnLineage? { columns.first { $0.name == name } }

    enum CodingKeys: String, CodingKey { case index, kind, target, columns, indirect, diagnostics }

    /// Encodes every key, with `"target": null` for statements without a target.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(kind, forKey: .kind)
        if let target { try container.encode(target, forKey: .target) } else { try container.encodeNil(forKey: .target) }
        try container.encode(columns, forKey: .columns)
        try container.encode(indirect, forKey: .indirect)
        try container.encode(diagnostics, forKey: .diagnostics)
    }

    /// Decodes a statement's lineage.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index)
        kind = try container.decode(String.self, forKey: .kind)
        target = try container.decodeIfPresent(String.self, forKey: .target)
        columns = try container.decode([ColumnLineage].self, forKey: .columns)
        indirect = try container.decode([IndirectSource].self, forKey: .indirect)
        diagnostics = try container.decode([LineageDiagnostic].self, forKey: .diagnostics)
    }
}

/// One target column and where its value comes from.
public struct ColumnLineage: Codable, Sendable, Equatable {
    /// The column's name as PostgreSQL stores it.
    public var name: String
    /// Its sources, DIRECT ones first, then by table, column and subtype.
    public var sources: [ColumnSource]

    /// Creates a column's lineage.
    public init(name: String, sources: [ColumnSource]) {
        self.name = name
        self.sources = sources
    }
}

/// One edge from a source column to a target column.
public struct ColumnSource: Codable, Sendable, Hashable, Comparable {
    /// The source relation, schema-qualified; each part is written as SQL would need it (quoted only
    /// when PostgreSQL requires quotes, e.g. `public."Order Items"`).
    public var table: String
    /// The source column's name as PostgreSQL stores it, or `*` when the relation's columns are unknown.
    public var column: String
    /// `DIRECT` or `INDIRECT`.
    public var type: LineageType
    /// IDENTITY, TRANSFORMATION or AGGREGATION for DIRECT; JOIN, FILTER, GROUP_BY, SORT, WINDOW or
    /// CONDITIONAL for INDIRECT.
    public var subtype: LineageSubtype

    /// Creates an edge.
    public init(table: String, column: String, type: LineageType, subtype: LineageSubtype) {
        self.table = table
        self.column = column
        self.type = type
        self.subtype = subtype
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.type.rank, lhs.table, lhs.column, lhs.subtype.rank) < (rhs.type.rank, rhs.table, rhs.column, rhs.subtype.rank)
    }
}

/// A column the statement reads without copying it: in WHERE, JOIN, GROUP BY, ORDER BY, …
public struct IndirectSource: Codable, Sendable, Hashable, Comparable {
    /// The relation, schema-qualified.
    public var table: String
    /// The column.
    public var column: String
    /// JOIN, FILTER, GROUP_BY, SORT, WINDOW or CONDITIONAL.
    public var subtype: LineageSubtype

    /// Creates a statement-level use.
    public init(table: String, column: String, subtype: LineageSubtype) {
        self.table = table
        self.column = column
        self.subtype = subtype
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.table, lhs.column, lhs.subtype.rank) < (rhs.table, rhs.column, rhs.subtype.rank)
    }
}

/// OpenLineage's transformation type.
public enum LineageType: String, Codable, Sendable, Hashable {
    /// The source's value flows into the target's value.
    case direct = "DIRECT"
    /// The source decides which rows or how, without its value flowing in.
    case indirect = "INDIRECT"

    var rank: Int { self == .direct ? 0 : 1 }
}

/// OpenLineage's transformation subtype.
public enum LineageSubtype: String, Codable, Sendable, Hashable, CaseIterable {
    /// DIRECT: the value is copied as is.
    case identity = "IDENTITY"
    /// DIRECT: the value is computed from the source's value in the same row.
    case transformation = "TRANSFORMATION"
    /// DIRECT: the value is aggregated from the source's values in many rows.
    case aggregation = "AGGREGATION"
    /// INDIRECT: used in a join condition.
    case join = "JOIN"
    /// INDIRECT: used in WHERE, HAVING, QUALIFY or an aggregate's FILTER.
    case filter = "FILTER"
    /// INDIRECT: used in GROUP BY (or DISTINCT ON).
    case groupBy = "GROUP_BY"
    /// INDIRECT: used in ORDER BY (also an aggregate's ORDER BY).
    case sort = "SORT"
    /// INDIRECT: used in a window's PARTITION BY or ORDER BY.
    case window = "WINDOW"
    /// INDIRECT: used in a CASE condition (or an ON CONFLICT / MERGE condition).
    case conditional = "CONDITIONAL"

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Whether the subtype belongs to DIRECT edges.
    public var isDirect: Bool { self == .identity || self == .transformation || self == .aggregation }
}

/// A parse or bind problem, with its place in the script.
public struct LineageDiagnostic: Codable, Sendable, Hashable {
    /// The stable code, such as `sql.syntax` or `bind.unknown-column`.
    public var code: String
    /// `error` or `warning`.
    public var severity: Diagnostic.Severity
    /// What went wrong.
    public var message: String
    /// The 1-based line in the script.
    public var line: Int
    /// The 1-based column in the script.
    public var column: Int

    /// Creates a diagnostic.
    public init(code: String, severity: Diagnostic.Severity, message: String, line: Int, column: Int) {
        self.code = code
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
    }

    /// Creates one from a parser or binder diagnostic.
    public init(_ diagnostic: Diagnostic) {
        self.init(code: diagnostic.code.rawValue, severity: diagnostic.severity, message: diagnostic.message,
                  line: diagnostic.line, column: diagnostic.column)
    }
}
