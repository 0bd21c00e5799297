/// When `keel monitor` calls a change a regression: keel.yaml's `monitor:` section, with these
/// defaults for what it leaves out (docs/monitor.md).
public struct MonitorThresholds: Codable, Sendable, Hashable {
    /// A query is slower when its mean time since the snapshot is at least this many times its mean before.
    public var meanTimeRatio: Double
    /// …and at least this many milliseconds slower on average, so sub-millisecond jitter is never a regression.
    public var minMeanIncreaseMilliseconds: Double
    /// Fewer calls (or scans) than this since the snapshot, or before it, are too few to judge.
    public var minCalls: Int
    /// A changed column regresses when its null rate grows by at least this much (absolute, 0…1).
    public var nullRateIncrease: Double
    /// A changed column's table regresses when it loses at least this fraction of its rows (0…1).
    public var rowCountDrop: Double
    /// A table regresses when the share of its scans that are sequential grows by at least this much (absolute, 0…1).
    public var seqScanShareIncrease: Double
    /// Tables with fewer estimated rows are not judged on sequential scans: the planner rightly prefers them there.
    public var seqScanMinRows: Int
    /// Tables with more estimated rows are sampled (TABLESAMPLE SYSTEM) for data health instead of counted whole.
    public var sampleAboveRows: Int

    public static let defaults = MonitorThresholds()

    public init(meanTimeRatio: Double = 2.0, minMeanIncreaseMilliseconds: Double = 1.0, minCalls: Int = 10, nullRateIncrease: Double = 0.05, rowCountDrop: Double = 0.1,
                seqScanShareIncrease: Double = 0.25, seqScanMinRows: Int = 10_000, sampleAboveRows: Int = 1_000_000) {
        self.meanTimeRatio = meanTimeRatio
        self.minMeanIncreaseMilliseconds = minMeanIncreaseMilliseconds
        self.minCalls = minCalls
        self.nullRateIncrease = nullRateIncrease
        self.rowCountDrop = rowCountDrop
        self.seqScanShareIncrease = seqScanShareIncrease
        self.seqScanMinRows = seqScanMinRows
        self.sampleAboveRows = sampleAboveRows
    }

    /// keel.yaml's key for each threshold, with what a valid value is.
    public enum Key: String, CaseIterable, Sendable {
        case meanTimeRatio = "mean_time_ratio"
        case minMeanIncreaseMilliseconds = "min_mean_increase_ms"
        case minCalls = "min_calls"
        case nullRateIncrease = "null_rate_increase"
        case rowCountDrop = "row_count_drop"
        case seqScanShareIncrease = "seq_scan_share_increase"
        case seqScanMinRows = "seq_scan_min_rows"
        case sampleAboveRows = "sample_above_rows"

        /// Whether the value is a whole number.
        public var isCount: Bool { [.minCalls, .seqScanMinRows, .sampleAboveRows].contains(self) }

        /// Why `value` is not valid for this key, or nil when it is.
        public func problem(_ value: Double) -> String? {
            switch self {
            case .meanTimeRatio: value > 1 ? nil : "expected a ratio above 1, like 2.0"
            case .minMeanIncreaseMilliseconds: value >= 0 ? nil : "expected milliseconds, 0 or more, like 1.0"
            case .nullRateIncrease, .rowCountDrop, .seqScanShareIncrease:
                value > 0 && value <= 1 ? nil : "expected a fraction above 0 and at most 1, like 0.05"
            case .minCalls, .seqScanMinRows:
                value >= 0 && value <= 1e15 && value == value.rounded() ? nil : "expected a whole number, 0 or more"
            case .sampleAboveRows:
                value >= 1 && value <= 1e15 && value == value.rounded() ? nil : "expected a whole number of rows, 1 or more"
            }
        }
    }

    /// Sets the threshold `key` (already checked with ``Key/problem(_:)``).
    public mutating func set(_ key: Key, _ value: Double) {
        switch key {
        case .meanTimeRatio: meanTimeRatio = value
        case .minMeanIncreaseMilliseconds: minMeanIncreaseMilliseconds = value
        case .minCalls: minCalls = Int(value)
        case .nullRateIncrease: nullRateIncrease = value
        case .rowCountDrop: rowCountDrop = value
        case .seqScanShareIncrease: seqScanShareIncrease = value
        case .seqScanMinRows: seqScanMinRows = Int(value)
        case .sampleAboveRows: sampleAboveRows = Int(value)
        }
    }
}
