import Foundation
import KeelCore

/// The text form of a monitor report: a header, the findings grouped by kind with their numbers,
/// then the measurements behind them.
enum MonitorText {
    static func render(_ report: MonitorReport) -> String {
        let environment = report.environment ?? "the database"
        let regressions = report.findings.filter(\.regression).count
        let since = "since the snapshot taken at \(report.snapshot.takenAt.formatted(.iso8601)) (\(report.snapshot.source), by \(report.snapshot.takenBy))"
        var lines = [regressions == 0
            ? "no regression on \(environment) for \(report.change) (plan \(report.plan.short)) \(since)"
            : "\(regressions) regression(s) on \(environment) for \(report.change) (plan \(report.plan.short)) \(since)"]
        if let note = report.statementsNote {
            lines += ["", "pg_stat_statements: \(note)"]
        }
        for kind in MonitorReport.Kind.allCases {
            let findings = report.findings.filter { $0.kind == kind }
            guard !findings.isEmpty else { continue }
            lines += ["", "\(title(kind)) (\(findings.count))"]
            for finding in findings { lines.append("  \(finding.regression ? "!" : "-") \(finding.summary)") }
        }
        if !report.tables.isEmpty {
            lines += ["", "tables (before: since statistics reset; after: since the snapshot)"]
            for table in report.tables {
                lines.append("  \(table.table) (~\(table.estimatedRows) rows): seq scans \(table.seqScanBefore) → +\(table.seqScanAfter) (\(table.seqTupReadAfter) rows read), index scans \(table.idxScanBefore) → +\(table.idxScanAfter)")
            }
        }
        if !report.columns.isEmpty {
            lines += ["", "changed columns"]
            for column in report.columns {
                lines.append("  \(column.table).\(column.column): \(measure(column.before)) → \(measure(column.after))")
            }
        }
        let active = report.queries.filter { $0.callsAfter > 0 }
            .sorted { ($0.meanMillisecondsAfter ?? 0, $0.queryID) > ($1.meanMillisecondsAfter ?? 0, $1.queryID) }
        if report.statementsAvailable {
            lines += ["", "queries on the touched tables: \(report.queries.count), \(active.count) run since the snapshot (slowest first, mean before → after)"]
            for query in active.prefix(10) {
                lines.append("  \(ms(query.meanMillisecondsBefore)) → \(ms(query.meanMillisecondsAfter)), \(query.callsBefore) → +\(query.callsAfter) calls: \(query.query)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func ms(_ value: Double?) -> String { value.map { String(format: "%.3f ms", $0) } ?? "–" }

    static func measure(_ measure: MonitorReport.Measure?) -> String {
        guard let measure else { return "–" }
        let rate = String(format: "%.1f %%", measure.nullRate * 100)
        let sampled = measure.samplePercent.map { String(format: ", sampled %g %%", $0) } ?? ""
        return "\(measure.rows) rows, \(rate) null\(sampled)"
    }

    static func title(_ kind: MonitorReport.Kind) -> String {
        switch kind {
        case .querySlower: "slower queries"
        case .queryNew: "new query shapes (not a regression by themselves)"
        case .seqScanGrowth: "sequential scans grew"
        case .indexDisappeared: "indexes gone"
        case .indexInvalid: "invalid indexes"
        case .nullRateIncrease: "null rates up"
        case .rowCountDrop: "rows lost"
        case .note: "notes"
        }
    }
}
