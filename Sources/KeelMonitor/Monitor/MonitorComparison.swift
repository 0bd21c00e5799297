import Foundation
import KeelCore

/// Judges an "after" snapshot against the "before" (pure). Counters are cumulative, so "after"
/// numbers are differences: what happened since the snapshot. A counter that went down means
/// the statistics were reset; the difference then counts from the reset, and a note says so.
struct MonitorComparison {
    let scope: MonitorScope
    let before: MonitorSnapshot
    let after: MonitorSnapshot
    let thresholds: MonitorThresholds

    var queries: [MonitorReport.QueryDelta] = []
    var tables: [MonitorReport.TableDelta] = []
    var columns: [MonitorReport.ColumnHealth] = []
    var findings: [MonitorReport.Finding] = []
    private var reset: Set<String> = []

    init(scope: MonitorScope, before: MonitorSnapshot, after: MonitorSnapshot, thresholds: MonitorThresholds) {
        self.scope = scope
        self.before = before
        self.after = after
        self.thresholds = thresholds
    }

    mutating func run() {
        compareStatements()
        compareTables()
        compareIndexes()
        compareColumns()
        for source in reset.sorted() {
            findings.append(.init(kind: .note, object: source, regression: false,
                                  summary: "\(source) statistics were reset since the snapshot: the numbers after count from the reset"))
        }
    }

    /// `after - before`, or `after` alone when the counter was reset in between.
    private mutating func delta(_ after: Int64, _ before: Int64, source: String) -> Int64 {
        if after >= before { return after - before }
        reset.insert(source)
        return after
    }

    // MARK: Query performance

    private mutating func compareStatements() {
        guard before.statementsUnavailable == nil, after.statementsUnavailable == nil else { return }
        let earlier = Dictionary(before.statements.map { ($0.queryID, $0) }, uniquingKeysWith: { first, _ in first })
        for statement in after.statements {
            let old = earlier[statement.queryID]
            let wasReset = old.map { statement.calls < $0.calls } ?? false
            if wasReset { reset.insert("pg_stat_statements") }
            let base = wasReset ? nil : old
            let calls = statement.calls - (base?.calls ?? 0)
            guard calls > 0 || old != nil else { continue }
            let total = statement.totalMilliseconds - (base?.totalMilliseconds ?? 0)
            let meanBefore = old.flatMap { $0.calls > 0 ? $0.totalMilliseconds / Double($0.calls) : nil }
            let meanAfter = calls > 0 ? total / Double(calls) : nil
            let text = Self.shorten(statement.query)
            queries.append(.init(queryID: statement.queryID, query: text, callsBefore: old?.calls ?? 0, callsAfter: calls,
                                 meanMillisecondsBefore: meanBefore, meanMillisecondsAfter: meanAfter,
                                 maxMillisecondsBefore: old?.maxMilliseconds, maxMillisecondsAfter: statement.maxMilliseconds,
                                 rowsBefore: old?.rows ?? 0, rowsAfter: statement.rows - (base?.rows ?? 0)))
            let enough = Int64(thresholds.minCalls)
            guard let old, old.calls > 0 else {
                if calls >= max(enough, 1) {
                    findings.append(.init(kind: .queryNew, object: statement.queryID, regression: false,
                                          summary: "new query shape, \(calls) calls at \(Self.ms(meanAfter)) mean: \(text)"))
                }
                continue
            }
            guard old.calls >= enough, calls >= enough, let meanBefore, let meanAfter, meanBefore > 0 else { continue }
            let ratio = meanAfter / meanBefore
            if ratio >= thresholds.meanTimeRatio, meanAfter - meanBefore >= thresholds.minMeanIncreaseMilliseconds {
                findings.append(.init(
                    kind: .querySlower, object: statement.queryID, regression: true,
                    summary: "\(Self.ratio(ratio)) slower: mean \(Self.ms(meanBefore)) over \(old.calls) calls before, \(Self.ms(meanAfter)) over \(calls) calls after (max \(Self.ms(old.maxMilliseconds)) → \(Self.ms(statement.maxMilliseconds))): \(text)"))
            }
        }
    }

    // MARK: Index health

    private mutating func compareTables() {
        for table in after.tables {
            let old = before.tables.first { $0.table == table.table }
            let seq = delta(table.seqScan, old?.seqScan ?? 0, source: "table")
            let tuples = delta(table.seqTupRead, old?.seqTupRead ?? 0, source: "table")
            // A table's idx_scan is the sum over its current indexes, so a dropped index lowers it:
            // count per index that is still there (a new one from zero).
            var indexScans: [String: Int64] = [:]
            for index in after.indexes where index.table == table.table {
                let earlier = before.indexes.first { $0.table == index.table && $0.name == index.name }?.scans ?? 0
                indexScans[index.name] = delta(index.scans, earlier, source: "index")
            }
            let idx = indexScans.values.reduce(0, +)
            tables.append(.init(table: table.table, estimatedRows: table.estimatedRows, seqScanBefore: old?.seqScan ?? 0, seqScanAfter: seq,
                                seqTupReadBefore: old?.seqTupRead ?? 0, seqTupReadAfter: tuples, idxScanBefore: old?.idxScan ?? 0,
                                idxScanAfter: idx, indexScansAfter: indexScans))
            guard let old, table.estimatedRows >= Int64(thresholds.seqScanMinRows), seq + idx >= Int64(max(thresholds.minCalls, 1)) else { continue }
            let scansBefore = old.seqScan + old.idxScan
            let shareBefore = scansBefore > 0 ? Double(old.seqScan) / Double(scansBefore) : 0
            let shareAfter = Double(seq) / Double(seq + idx)
            if shareAfter - shareBefore >= thresholds.seqScanShareIncrease {
                findings.append(.init(
                    kind: .seqScanGrowth, object: table.table, regression: true,
                    summary: "\(table.table) (~\(table.estimatedRows) rows): \(Self.percent(shareAfter)) of its \(seq + idx) scans since the snapshot were sequential (\(seq) reading \(tuples) rows), against \(Self.percent(shareBefore)) of \(scansBefore) before"))
            }
        }
    }

    private mutating func compareIndexes() {
        let present = Set(after.tables.map(\.table))
        for index in before.indexes where !after.indexes.contains(where: { $0.table == index.table && $0.name == index.name }) {
            guard present.contains(index.table), !scope.planNames(index.name) else { continue }
            let table = scope.tables.first { $0.display == index.table }
            let dropped = table.flatMap { scope.droppedColumns[$0] } ?? []
            if index.columns.contains(where: { dropped.contains($0) }) {
                findings.append(.init(kind: .note, object: "\(index.name) on \(index.table)", regression: false,
                                      summary: "index \(index.name) on \(index.table) went with the column the plan dropped (\(index.columns.joined(separator: ", ")))"))
                continue
            }
            findings.append(.init(
                kind: .indexDisappeared, object: "\(index.name) on \(index.table)", regression: true,
                summary: "index \(index.name) on \(index.table) is gone, and the plan did not drop it (it had \(index.scans) scans before): \(index.definition)"))
        }
        for index in after.indexes where !index.valid {
            if before.indexes.contains(where: { $0.table == index.table && $0.name == index.name && !$0.valid }) { continue }
            findings.append(.init(
                kind: .indexInvalid, object: "\(index.name) on \(index.table)", regression: true,
                summary: "index \(index.name) on \(index.table) is INVALID (a failed CREATE INDEX CONCURRENTLY leaves one behind): queries cannot use it and writes still maintain it; drop it with DROP INDEX CONCURRENTLY and create it again: \(index.definition)"))
        }
    }

    // MARK: Data health

    private mutating func compareColumns() {
        var tablesJudged: Set<String> = []
        for column in scope.columns {
            let table = column.table.display
            let old = before.columns.first { $0.table == table && $0.column == column.old.name }?.measure
            let new = after.columns.first { $0.table == table && $0.column == column.old.name }?.measure
            columns.append(.init(table: table, column: column.label, before: old, after: new))
            let object = "\(table).\(column.label)"
            if let new, new.samplePercent != nil {
                findings.append(.init(kind: .note, object: object, regression: false,
                                      summary: "\(object) was sampled: TABLESAMPLE SYSTEM (\(Self.number(new.samplePercent ?? 0)) %), \(new.measuredRows) rows read; the row count is the planner's estimate"))
            }
            guard let old else { continue }
            guard let new else {
                findings.append(.init(kind: .note, object: object, regression: false,
                                      summary: "\(object) no longer exists, so its data cannot be compared (keel drift shows schema changes)"))
                continue
            }
            let increase = new.nullRate - old.nullRate
            if increase >= thresholds.nullRateIncrease {
                findings.append(.init(
                    kind: .nullRateIncrease, object: object, regression: true,
                    summary: "\(object): null rate \(Self.percent(old.nullRate)) → \(Self.percent(new.nullRate)) (\(old.nulls) of \(old.measuredRows) rows in \(old.column) before, \(new.nulls) of \(new.measuredRows) in \(new.column) after)"))
            }
            guard tablesJudged.insert(table).inserted, old.rows > 0 else { continue }
            let drop = Double(old.rows - new.rows) / Double(old.rows)
            if drop >= thresholds.rowCountDrop {
                findings.append(.init(kind: .rowCountDrop, object: table, regression: true,
                                      summary: "\(table): \(old.rows) rows before, \(new.rows) after (\(Self.percent(drop)) fewer)"))
            }
        }
    }

    // MARK: Formatting

    static func shorten(_ query: String) -> String {
        let oneLine = query.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return oneLine.count > 200 ? String(oneLine.prefix(199)) + "…" : oneLine
    }

    static func ms(_ value: Double?) -> String { value.map { String(format: "%.3f ms", $0) } ?? "–" }
    static func ratio(_ value: Double) -> String { String(format: "%.1f×", value) }
    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
    static func number(_ value: Double) -> String { String(format: "%g", value) }
}
