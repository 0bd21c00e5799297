public import Foundation
public import KeelCore

/// Counters and measurements of a plan's touched objects at one moment: what `keel monitor`
/// stores as the "before" (`keel.monitor_snapshots`) and reads again as the "after".
///
/// Everything here is cumulative as PostgreSQL keeps it (pg_stat_statements, pg_stat_user_tables,
/// pg_stat_user_indexes), so the difference of two snapshots is what happened in between.
public struct MonitorSnapshot: Codable, Sendable, Equatable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var takenAt: Date
    /// Why pg_stat_statements could not be read, with how to enable it; nil when it was.
    public var statementsUnavailable: String?
    public var statements: [Statement]
    public var tables: [Table]
    public var indexes: [Index]
    public var columns: [ColumnMeasure]

    public init(takenAt: Date, statementsUnavailable: String?, statements: [Statement], tables: [Table], indexes: [Index],
                columns: [ColumnMeasure]) {
        self.formatVersion = Self.currentFormatVersion
        self.takenAt = takenAt
        self.statementsUnavailable = statementsUnavailable
        self.statements = statements.sorted { $0.queryID < $1.queryID }
        self.tables = tables.sorted { $0.table < $1.table }
        self.indexes = indexes.sorted { ($0.table, $0.name) < ($1.table, $1.name) }
        self.columns = columns.sorted { ($0.table, $0.column) < ($1.table, $1.column) }
    }

    /// One pg_stat_statements entry, summed over users and top-level or not.
    public struct Statement: Codable, Sendable, Equatable {
        public var queryID: String
        public var query: String
        public var calls: Int64
        public var totalMilliseconds: Double
        public var maxMilliseconds: Double
        public var rows: Int64
    }

    /// pg_stat_user_tables' scan counters of a touched table, and its estimated rows.
    public struct Table: Codable, Sendable, Equatable {
        public var table: String
        public var estimatedRows: Int64
        public var seqScan: Int64
        public var seqTupRead: Int64
        public var idxScan: Int64
    }

    /// An index of a touched table.
    public struct Index: Codable, Sendable, Equatable {
        public var table: String
        /// The index's own name (same schema as its table).
        public var name: String
        public var valid: Bool
        public var scans: Int64
        /// The columns of its keys (none for an expression key).
        public var columns: [String]
        public var definition: String
    }

    /// Rows and nulls of one column (a ``MonitorScope/Column`` under the name it has now).
    public struct ColumnMeasure: Codable, Sendable, Equatable {
        public var table: String
        /// The scope column's old name: the key both snapshots share.
        public var column: String
        public var measure: MonitorReport.Measure
    }
}
