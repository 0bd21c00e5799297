public import Foundation

/// What `keel monitor` found for a plan in one environment: the touched objects' query
/// performance (pg_stat_statements), index health and data health, after the change against the
/// "before" snapshot taken when the rollout started (or by `keel monitor snapshot`).
///
/// Findings are sorted by kind, then object. The report holds timestamps and timings, so it is
/// never hashed into anything. Format: `docs/monitor.md`.
public struct MonitorReport: Artifact {
    public static let kind = "monitor"
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var kind: String
    /// The environment checked, when the face knows its name.
    public var environment: String?
    /// The plan's hash and change name.
    public var plan: ContentHash
    public var change: String
    /// When and how the "before" was taken.
    public var snapshot: SnapshotInfo
    public var checkedAt: Date
    /// The thresholds the findings were judged with.
    public var thresholds: MonitorThresholds
    /// Whether pg_stat_statements could be read both times; when not, ``statementsNote`` says how to enable it.
    public var statementsAvailable: Bool
    public var statementsNote: String?
    public var queries: [QueryDelta]
    public var tables: [TableDelta]
    public var columns: [ColumnHealth]
    public var findings: [Finding]
    /// `true` when at least one finding is a regression (exit 1).
    public var regressed: Bool

    public init(environment: String?, plan: ContentHash, change: String, snapshot: SnapshotInfo, checkedAt: Date,
                thresholds: MonitorThresholds, statementsAvailable: Bool, statementsNote: String?, queries: [QueryDelta],
                tables: [TableDelta], columns: [ColumnHealth], findings: [Finding]) {
        self.formatVersion = Self.currentFormatVersion
        self.kind = Self.kind
        self.environment = environment
        self.plan = plan
        self.change = change
        self.snapshot = snapshot
        self.checkedAt = checkedAt
        self.thresholds = thresholds
        self.statementsAvailable = statementsAvailable
        self.statementsNote = statementsNote
        self.queries = queries.sorted { ($0.query, $0.queryID) < ($1.query, $1.queryID) }
        self.tables = tables.sorted { $0.table < $1.table }
        self.columns = columns.sorted { ($0.table, $0.column) < ($1.table, $1.column) }
        self.findings = findings.sorted()
        self.regressed = findings.contains { $0.regression }
    }
}

extension MonitorReport {
    /// The stored "before" snapshot's row in `keel.monitor_snapshots`.
    public struct SnapshotInfo: Codable, Sendable, Equatable {
        public var takenAt: Date
        public var takenBy: String
        /// `rollout start` or `keel monitor snapshot`.
        public var source: String

        public init(takenAt: Date, takenBy: String, source: String) {
            self.takenAt = takenAt
            self.takenBy = takenBy
            self.source = source
        }
    }

    /// One pg_stat_statements entry (summed over users) that reads or writes a touched table.
    /// "before" is everything counted up to the snapshot; "after" is what was counted since.
    public struct QueryDelta: Codable, Sendable, Equatable {
        /// pg_stat_statements' `queryid`, as text.
        public var queryID: String
        /// The normalized text, shortened to 200 characters.
        public var query: String
        public var callsBefore: Int64
        public var callsAfter: Int64
        public var meanMillisecondsBefore: Double?
        public var meanMillisecondsAfter: Double?
        /// The largest single execution ever counted, at each time (pg_stat_statements keeps no window).
        public var maxMillisecondsBefore: Double?
        public var maxMillisecondsAfter: Double?
        public var rowsBefore: Int64
        public var rowsAfter: Int64

        public init(queryID: String, query: String, callsBefore: Int64, callsAfter: Int64, meanMillisecondsBefore: Double?,
                    meanMillisecondsAfter: Double?, maxMillisecondsBefore: Double?, maxMillisecondsAfter: Double?,
                    rowsBefore: Int64, rowsAfter: Int64) {
            self.queryID = queryID
            self.query = query
            self.callsBefore = callsBefore
            self.callsAfter = callsAfter
            self.meanMillisecondsBefore = meanMillisecondsBefore
            self.meanMillisecondsAfter = meanMillisecondsAfter
            self.maxMillisecondsBefore = maxMillisecondsBefore
            self.maxMillisecondsAfter = maxMillisecondsAfter
            self.rowsBefore = rowsBefore
            self.rowsAfter = rowsAfter
        }
    }

    /// Scan counts of a touched table: cumulative before, and counted since the snapshot after.
    public struct TableDelta: Codable, Sendable, Equatable {
        public var table: String
        public var estimatedRows: Int64
        public var seqScanBefore: Int64
        public var seqScanAfter: Int64
        public var seqTupReadBefore: Int64
        public var seqTupReadAfter: Int64
        public var idxScanBefore: Int64
        public var idxScanAfter: Int64
        /// Each index's scans since the snapshot, by index name; nil for an index that is gone.
        public var indexScansAfter: [String: Int64]

        public init(table: String, estimatedRows: Int64, seqScanBefore: Int64, seqScanAfter: Int64, seqTupReadBefore: Int64,
                    seqTupReadAfter: Int64, idxScanBefore: Int64, idxScanAfter: Int64, indexScansAfter: [String: Int64]) {
            self.table = table
            self.estimatedRows = estimatedRows
            self.seqScanBefore = seqScanBefore
            self.seqScanAfter = seqScanAfter
            self.seqTupReadBefore = seqTupReadBefore
            self.seqTupReadAfter = seqTupReadAfter
            self.idxScanBefore = idxScanBefore
            self.idxScanAfter = idxScanAfter
            self.indexScansAfter = indexScansAfter
        }
    }

    /// Rows and nulls of a changed column, before and after, each under the name that held the data then
    /// (the old name until the contract, the new one after).
    public struct ColumnHealth: Codable, Sendable, Equatable {
        public var table: String
        /// `amount → amount_decimal` for a replaced column, else the column's name.
        public var column: String
        public var before: Measure?
        public var after: Measure?

        public init(table: String, column: String, before: Measure?, after: Measure?) {
            self.table = table
            self.column = column
            self.before = before
            self.after = after
        }
    }

    /// One measurement of a column.
    public struct Measure: Codable, Sendable, Equatable {
        /// The column measured, under the name it had then.
        public var column: String
        public var rows: Int64
        public var nulls: Int64
        /// Set when the table was too big to count whole: nulls come from a TABLESAMPLE SYSTEM
        /// of this percentage, and rows from the planner's estimate (`pg_class.reltuples`).
        public var samplePercent: Double?
        /// The rows the sample read, when sampled: the null rate is over these.
        public var sampledRows: Int64?

        public init(column: String, rows: Int64, nulls: Int64, samplePercent: Double? = nil, sampledRows: Int64? = nil) {
            self.column = column
            self.rows = rows
            self.nulls = nulls
            self.samplePercent = samplePercent
            self.sampledRows = sampledRows
        }

        /// Nulls over rows (measured rows, when sampled); 0 for an empty table.
        public var nullRate: Double { measuredRows > 0 ? Double(nulls) / Double(measuredRows) : 0 }
        /// Rows the null rate was computed over (the sample when sampled).
        public var measuredRows: Int64 { sampledRows ?? rows }
    }

    /// What kind of finding.
    public enum Kind: String, Codable, Sendable, CaseIterable, Comparable {
        /// A query's mean time grew by at least `mean_time_ratio`.
        case querySlower
        /// A query that only exists after the change (a new shape; never a regression by itself).
        case queryNew
        /// The share of sequential scans on a large table grew by at least `seq_scan_share_increase`.
        case seqScanGrowth
        /// An index on a touched table is gone, and the plan did not drop it.
        case indexDisappeared
        /// An index on a touched table is INVALID (a failed CREATE INDEX CONCURRENTLY).
        case indexInvalid
        /// A changed column's null rate grew by at least `null_rate_increase`.
        case nullRateIncrease
        /// A changed column's table lost at least `row_count_drop` of its rows.
        case rowCountDrop
        /// Something the check could not measure (a column gone, statistics reset, sampling).
        case note

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One thing monitor noticed; ``regression`` ones make it exit 1.
    public struct Finding: Codable, Sendable, Equatable, Comparable {
        public var kind: Kind
        /// `public.invoices`, `public.invoices.amount`, `public.invoices_status_idx` or a query id.
        public var object: String
        public var regression: Bool
        /// One readable line with the numbers.
        public var summary: String

        public init(kind: Kind, object: String, regression: Bool, summary: String) {
            self.kind = kind
            self.object = object
            self.regression = regression
            self.summary = summary
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.kind.rawValue, lhs.object, lhs.summary) < (rhs.kind.rawValue, rhs.object, rhs.summary)
        }
    }
}
