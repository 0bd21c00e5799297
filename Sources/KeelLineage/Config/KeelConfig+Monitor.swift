import KeelCore

extension KeelConfig {
    /// keel.yaml's `monitor:` section: when `keel monitor` calls a change a regression.
    ///
    /// ```yaml
    /// monitor:
    ///   mean_time_ratio: 2.0        # a query 2× slower than before…
    ///   min_mean_increase_ms: 1.0   # …and at least 1 ms slower on average
    ///   min_calls: 10
    ///   null_rate_increase: 0.05    # +5 points of nulls in a changed column
    ///   row_count_drop: 0.1         # 10 % of the rows gone
    ///   seq_scan_share_increase: 0.25
    ///   seq_scan_min_rows: 10000
    ///   sample_above_rows: 1000000
    /// ```
    static func monitor(_ node: YAMLNode) throws(LineageError) -> MonitorThresholds {
        var thresholds = MonitorThresholds.defaults
        let keys = MonitorThresholds.Key.allCases
        for field in try node.mapping("monitor", allowed: keys.map(\.rawValue)) {
            guard let key = MonitorThresholds.Key(rawValue: field.key) else { continue }
            let name = "monitor.\(key.rawValue)"
            let text = try field.value.string(name)
            guard let value = Double(text), value.isFinite else {
                throw .invalidValue(field.value.location, key: name, reason: "'\(text)' is not a number")
            }
            if let problem = key.problem(value) {
                throw .invalidValue(field.value.location, key: name, reason: "\(problem), found \(text)")
            }
            thresholds.set(key, value)
        }
        return thresholds
    }
}
