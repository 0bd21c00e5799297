public import KeelCore

/// The result of `keel diff`: row statuses, per-column match rates and sample rows.
///
/// Statuses follow dbt-audit-helper: `identical`, `modified`, `added` (only in B), `removed`
/// (only in A) and `nonunique_pk` (the key is NULL, or repeated in either table, so the row cannot
/// be matched). The JSON form is documented in docs/diff.md; fields are only ever added.
public struct DiffReport: Artifact {
    public static let kind = "diff"
    public static let currentFormatVersion = 1

    /// How the rows were compared.
    public enum Algorithm: String, Codable, Sendable {
        /// One database: a FULL OUTER JOIN on the key, inside PostgreSQL.
        case join
        /// Two databases: checksums of key-range segments, recursing into segments that differ.
        case bisection
    }

    /// A row status.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case identical, modified, added, removed
        case nonuniquePK = "nonunique_pk"
    }

    /// One side of the comparison.
    public struct Side: Codable, Sendable, Equatable {
        /// The resolved table.
        public var table: QualifiedName
        /// The database, as a URL without password.
        public var database: String
        /// Rows in the table (nil when `--limit` stopped the diff before counting).
        public var rows: Int?
        /// Rows whose key is NULL or repeated (in this table or the other one).
        public var nonuniqueRows: Int?

        public init(table: QualifiedName, database: String, rows: Int? = nil, nonuniqueRows: Int? = nil) {
            self.table = table
            self.database = database
            self.rows = rows
            self.nonuniqueRows = nonuniqueRows
        }
    }

    /// Counts per status. `identical` is nil when the diff stopped early.
    public struct Counts: Codable, Sendable, Equatable {
        public var identical: Int?
        public var modified: Int
        public var added: Int
        public var removed: Int
        /// Rows of A plus rows of B whose key is NULL or not unique.
        public var nonuniquePK: Int

        public init(identical: Int?, modified: Int, added: Int, removed: Int, nonuniquePK: Int) {
            self.identical = identical
            self.modified = modified
            self.added = added
            self.removed = removed
            self.nonuniquePK = nonuniquePK
        }

        enum CodingKeys: String, CodingKey {
            case identical, modified, added, removed
            case nonuniquePK = "nonunique_pk"
        }
    }

    /// How one compared column fared over the rows present in both tables.
    public struct ColumnResult: Codable, Sendable, Equatable {
        public var column: Identifier
        /// `format_type` of the column in A and in B.
        public var typeA: String
        public var typeB: String
        /// Rows present in both tables where this column differs.
        public var mismatches: Int
        /// Rows present in both tables (the denominator), nil when the diff stopped early.
        public var compared: Int?
        /// `1 - mismatches / compared`, rounded to 6 decimals; nil when nothing was compared.
        public var matchRate: Double?

        public init(column: Identifier, typeA: String, typeB: String, mismatches: Int, compared: Int?) {
            self.column = column
            self.typeA = typeA
            self.typeB = typeB
            self.mismatches = mismatches
            self.compared = compared
            if let compared, compared > 0 {
                self.matchRate = (Double(compared - mismatches) / Double(compared) * 1_000_000).rounded() / 1_000_000
            } else {
                self.matchRate = nil
            }
        }
    }

    /// A value of one column in A and B. Values are PostgreSQL's text output (numbers normalized,
    /// timestamps in UTC); nil is SQL NULL.
    public struct ValueChange: Codable, Sendable, Equatable {
        public var column: Identifier
        public var a: String?
        public var b: String?

        public init(column: Identifier, a: String?, b: String?) {
            self.column = column
            self.a = a
            self.b = b
        }
    }

    /// A sample row that is not identical.
    public struct Sample: Codable, Sendable, Equatable {
        public var status: Status
        /// The key values in `key` order, as text (nil is NULL).
        public var key: [String?]
        /// For `modified`: the columns that differ. Empty otherwise.
        public var changes: [ValueChange]
        /// For `nonunique_pk`: how many rows share the key, in A and in B (when known).
        public var rowsInA: Int?
        public var rowsInB: Int?

        public init(status: Status, key: [String?], changes: [ValueChange] = [], rowsInA: Int? = nil, rowsInB: Int? = nil) {
            self.status = status
            self.key = key
            self.changes = changes
            self.rowsInA = rowsInA
            self.rowsInB = rowsInB
        }
    }

    /// What the checksum bisection did (two-database diffs only).
    public struct BisectionStats: Codable, Sendable, Equatable {
        /// Segments whose count and checksum were computed on both sides.
        public var segmentsChecked: Int
        /// Segments that differed and were small enough to download and compare row by row.
        public var segmentsDownloaded: Int
        /// Rows downloaded from A plus rows downloaded from B.
        public var rowsDownloaded: Int
        /// The deepest recursion level reached (0 is the first split of the whole key range).
        public var maxDepth: Int

        public init(segmentsChecked: Int = 0, segmentsDownloaded: Int = 0, rowsDownloaded: Int = 0, maxDepth: Int = 0) {
            self.segmentsChecked = segmentsChecked
            self.segmentsDownloaded = segmentsDownloaded
            self.rowsDownloaded = rowsDownloaded
            self.maxDepth = maxDepth
        }
    }

    public var formatVersion: Int
    public var kind: String
    public var algorithm: Algorithm
    public var a: Side
    public var b: Side
    /// The key columns.
    public var key: [Identifier]
    /// The compared (non-key) columns, in A's column order.
    public var columns: [Identifier]
    /// Columns of A missing from B, and of B missing from A (not compared; only without --columns).
    public var columnsOnlyInA: [Identifier]
    public var columnsOnlyInB: [Identifier]
    /// False when `--limit` stopped the diff before it saw every row: counts are then lower bounds.
    public var complete: Bool
    /// The `--limit` in force, if any.
    public var limit: Int?
    public var counts: Counts
    /// One entry per compared column, in ``columns`` order.
    public var columnResults: [ColumnResult]
    /// Up to the sample limit per status, in the order found.
    public var samples: [Sample]
    public var bisection: BisectionStats?

    /// Whether any row is not identical (the CLI then exits 1).
    public var hasDifferences: Bool {
        counts.modified + counts.added + counts.removed + counts.nonuniquePK > 0
    }

    public init(algorithm: Algorithm, a: Side, b: Side, key: [Identifier], columns: [Identifier],
                columnsOnlyInA: [Identifier], columnsOnlyInB: [Identifier], complete: Bool, limit: Int?,
                counts: Counts, columnResults: [ColumnResult], samples: [Sample], bisection: BisectionStats?) {
        self.formatVersion = Self.currentFormatVersion
        self.kind = Self.kind
        self.algorithm = algorithm
        self.a = a
        self.b = b
        self.key = key
        self.columns = columns
        self.columnsOnlyInA = columnsOnlyInA
        self.columnsOnlyInB = columnsOnlyInB
        self.complete = complete
        self.limit = limit
        self.counts = counts
        self.columnResults = columnResults
        self.samples = samples
        self.bisection = bisection
    }
}
