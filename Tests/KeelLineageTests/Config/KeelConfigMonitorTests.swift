import KeelCore
import KeelLineage
import Testing

/// keel.yaml's `monitor:` thresholds: defaults, overrides, and a clear error for each bad value.
@Suite("keel.yaml monitor")
struct KeelConfigMonitorTests {
    @Test("defaults when the section is absent; each key overrides its own threshold")
    func thresholds() throws {
        #expect(try KeelConfig.parse("version: 1\n").monitor == .defaults)
        let config = try KeelConfig.parse("""
            version: 1
            monitor:
              mean_time_ratio: 3
              min_mean_increase_ms: 0.5
              min_calls: 50
              null_rate_increase: 0.01
              row_count_drop: 0.2
              seq_scan_share_increase: 0.5
              seq_scan_min_rows: 0
              sample_above_rows: 5000000
            """)
        #expect(config.monitor == MonitorThresholds(meanTimeRatio: 3, minMeanIncreaseMilliseconds: 0.5, minCalls: 50, nullRateIncrease: 0.01,
                                                    rowCountDrop: 0.2, seqScanShareIncrease: 0.5, seqScanMinRows: 0, sampleAboveRows: 5_000_000))
    }

    @Test("a bad value names the key and its line", arguments: [
        ("mean_time_ratio: fast", "monitor.mean_time_ratio"), ("mean_time_ratio: 1", "monitor.mean_time_ratio"),
        ("null_rate_increase: 5", "monitor.null_rate_increase"), ("row_count_drop: 0", "monitor.row_count_drop"),
        ("min_calls: -1", "monitor.min_calls"), ("min_calls: 2.5", "monitor.min_calls"), ("sample_above_rows: 1e300", "monitor.sample_above_rows"),
        ("min_mean_increase_ms: .nan", "monitor.min_mean_increase_ms"), ("seq_scans: 3", "seq_scans"),
    ])
    func badValues(line: String, key: String) throws {
        do {
            _ = try KeelConfig.parse("version: 1\nmonitor:\n  \(line)\n")
            Issue.record("\(line) was accepted")
        } catch {
            switch error {
            case .invalidValue(let at, let found, _):
                #expect(found == key && at.line == 3)
            case .unknownKey(let at, let found, _):
                #expect(found == key && at.line == 3)
            default:
                Issue.record("\(line): \(error.code)")
            }
        }
    }
}
