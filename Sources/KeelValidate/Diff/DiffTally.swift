import KeelCore

/// Counts and samples gathered while rows stream past. Its size depends on the number of
/// columns and the sample limit, never on the number of rows.
struct DiffTally: Sendable {
    let sampleLimit: Int
    let columns: [Identifier]
    private(set) var modified = 0
    private(set) var added = 0
    private(set) var removed = 0
    private(set) var mismatches: [Int]
    /// Rows of A and of B set aside because their key is NULL or repeated.
    var nonuniqueA = 0
    var nonuniqueB = 0
    private(set) var samples: [DiffReport.Sample] = []
    private var sampled: [DiffReport.Status: Int] = [:]

    init(columns: [Identifier], sampleLimit: Int) {
        self.columns = columns
        self.sampleLimit = sampleLimit
        self.mismatches = Array(repeating: 0, count: columns.count)
    }

    /// Rows found that are added, removed or modified.
    var differences: Int { modified + added + removed }

    mutating func recordAdded(key: [String?]) {
        added += 1
        sample(DiffReport.Sample(status: .added, key: key))
    }

    mutating func recordRemoved(key: [String?]) {
        removed += 1
        sample(DiffReport.Sample(status: .removed, key: key))
    }

    /// A row present on both sides; `differs[i]` tells whether column i differs, `values(i)` gives
    /// its two values (only asked for while the sample has room).
    mutating func recordModified(key: [String?], differs: [Bool], values: (Int) -> (String?, String?)) {
        modified += 1
        for (i, d) in differs.enumerated() where d { mismatches[i] += 1 }
        guard wantsSample(.modified) else { return }
        var changes: [DiffReport.ValueChange] = []
        for (i, d) in differs.enumerated() where d {
            let (a, b) = values(i)
            changes.append(DiffReport.ValueChange(column: columns[i], a: a, b: b))
        }
        sample(DiffReport.Sample(status: .modified, key: key, changes: changes))
    }

    mutating func recordNonunique(key: [String?], rowsInA: Int?, rowsInB: Int?) {
        sample(DiffReport.Sample(status: .nonuniquePK, key: key, rowsInA: rowsInA, rowsInB: rowsInB))
    }

    func wantsSample(_ status: DiffReport.Status) -> Bool { sampled[status, default: 0] < sampleLimit }

    private mutating func sample(_ sample: DiffReport.Sample) {
        guard wantsSample(sample.status) else { return }
        sampled[sample.status, default: 0] += 1
        samples.append(sample)
    }

    /// Status counts, given each table's row count when known.
    func counts(rowsA: Int?, complete: Bool) -> DiffReport.Counts {
        let identical = complete ? rowsA.map { max(0, $0 - nonuniqueA - removed - modified) } : nil
        return DiffReport.Counts(identical: identical, modified: modified, added: added, removed: removed,
                                 nonuniquePK: nonuniqueA + nonuniqueB)
    }

    /// Per-column results over the rows present in both tables.
    func columnResults(plan: DiffPlan, rowsA: Int?, complete: Bool) -> [DiffReport.ColumnResult] {
        let common = complete ? rowsA.map { max(0, $0 - nonuniqueA - removed) } : nil
        return plan.columns.enumerated().map { i, pair in
            DiffReport.ColumnResult(column: pair.name, typeA: pair.a.typeDisplay, typeB: pair.b.typeDisplay,
                                    mismatches: mismatches[i], compared: common)
        }
    }
}
