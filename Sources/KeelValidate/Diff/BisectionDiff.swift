import KeelCore
import KeelPostgres
import PostgresNIO

/// Two databases: checksum bisection, after data-diff.
///
/// The key range is cut into segments. For each segment both servers compute, in one grouped
/// query each, the row count and the sum of a 60-bit slice of the md5 of every row's normalized
/// text, for all child segments at once. Children whose count or checksum differ are cut again,
/// until they hold at most `downloadThreshold` rows; those are downloaded from both sides and
/// compared row by row. Segments are walked depth first, so at most `depth × factor` segments and
/// one downloaded segment are held in memory, whatever the table size.
///
/// Segment bounds are key tuples compared with row-value comparisons (`ROW(k1, k2) < ROW(…)`),
/// so composite and non-numeric keys work. Text keys are ordered with `COLLATE "C"` on both
/// sides so the two servers agree on the order.
struct BisectionDiff: Sendable {
    let plan: DiffPlan
    let options: DataDiff.Options
    let configA: ConnectionConfig
    let configB: ConnectionConfig

    /// A key-range segment: `lo` inclusive, `hi` exclusive, nil for unbounded. Bounds are the key
    /// values as text, in ``DiffPlan/key`` order.
    struct Segment: Sendable {
        var lo: [String]?
        var hi: [String]?
        var depth: Int
        var rowsA: Int
        var rowsB: Int
    }

    struct Checksum: Sendable, Equatable {
        var rows: Int
        var sum: String
    }

    func run(_ sessionA: Session, _ sessionB: Session) async throws -> DiffReport {
        try await DiffSession.inSnapshot(sessionA) {
            try await DiffSession.inSnapshot(sessionB) {
                try await walk(sessionA, sessionB)
            }
        }
    }

    private func walk(_ sessionA: Session, _ sessionB: Session) async throws -> DiffReport {
        var tally = DiffTally(columns: plan.columns.map(\.name), sampleLimit: options.sampleLimit)
        var stats = DiffReport.BisectionStats()
        var nullRowsA = 0, nullRowsB = 0
        if !plan.uniqueA { nullRowsA = try await findNonunique(.a, sessionA, into: &tally) }
        if !plan.uniqueB { nullRowsB = try await findNonunique(.b, sessionB, into: &tally) }

        // The whole range first: equal tables finish after one scan of each.
        async let rootA = checksums(.a, sessionA, lo: nil, hi: nil, bounds: [])
        async let rootB = checksums(.b, sessionB, lo: nil, hi: nil, bounds: [])
        let (wholeA, wholeB) = try await (rootA, rootB)
        let totalA = wholeA[0]?.rows ?? 0, totalB = wholeB[0]?.rows ?? 0
        stats.segmentsChecked = 1
        var stack: [Segment] = []
        if wholeA[0] != wholeB[0] {
            stack.append(Segment(lo: nil, hi: nil, depth: 0, rowsA: totalA, rowsB: totalB))
        }
        var complete = true
        walking: while let segment = stack.popLast() {
            stats.maxDepth = max(stats.maxDepth, segment.depth)
            let larger = max(segment.rowsA, segment.rowsB)
            let side: DiffPlan.Side = segment.rowsA >= segment.rowsB ? .a : .b
            let bounds: [[String]] = larger > options.downloadThreshold
                ? try await boundaries(side, side == .a ? sessionA : sessionB, segment: segment, rows: larger)
                : []
            if bounds.isEmpty {
                // Small enough, or a single key value that cannot be cut further.
                stats.segmentsDownloaded += 1
                stats.rowsDownloaded += segment.rowsA + segment.rowsB
                if try await compare(sessionA, sessionB, segment, into: &tally) { complete = false; break walking }
                continue
            }
            async let childrenA = checksums(.a, sessionA, lo: segment.lo, hi: segment.hi, bounds: bounds)
            async let childrenB = checksums(.b, sessionB, lo: segment.lo, hi: segment.hi, bounds: bounds)
            let (sumsA, sumsB) = try await (childrenA, childrenB)
            stats.segmentsChecked += bounds.count + 1
            // Push in reverse so segments are visited in key order.
            for index in stride(from: bounds.count, through: 0, by: -1) where sumsA[index] != sumsB[index] {
                stack.append(Segment(
                    lo: index == 0 ? segment.lo : bounds[index - 1], hi: index == bounds.count ? segment.hi : bounds[index],
                    depth: segment.depth + 1, rowsA: sumsA[index]?.rows ?? 0, rowsB: sumsB[index]?.rows ?? 0))
            }
        }
        return DiffReport(
            algorithm: .bisection,
            a: DiffReport.Side(table: plan.tableA.name, database: configA.redactedURL, rows: totalA + nullRowsA, nonuniqueRows: tally.nonuniqueA),
            b: DiffReport.Side(table: plan.tableB.name, database: configB.redactedURL, rows: totalB + nullRowsB, nonuniqueRows: tally.nonuniqueB),
            key: plan.key.map(\.name), columns: plan.columns.map(\.name),
            columnsOnlyInA: plan.onlyInA, columnsOnlyInB: plan.onlyInB, complete: complete, limit: options.limit,
            counts: tally.counts(rowsA: totalA + nullRowsA, complete: complete),
            columnResults: tally.columnResults(plan: plan, rowsA: totalA + nullRowsA, complete: complete),
            samples: tally.samples, bisection: stats)
    }

    // MARK: SQL per side

    private func table(_ side: DiffPlan.Side) -> QualifiedName {
        side == .a ? plan.tableA.name : plan.tableB.name
    }

    private func column(_ pair: DiffPlan.Pair, _ side: DiffPlan.Side) -> TableShape.Column {
        side == .a ? pair.a : pair.b
    }

    /// A key column as it is ordered and compared in ranges.
    private func keyExpression(_ pair: DiffPlan.Pair, _ side: DiffPlan.Side) -> SQL {
        switch pair.comparison {
        case .native:
            return column(pair, side).needsByteCollation ? "\(pair.name) COLLATE \"C\"" : "\(pair.name)"
        case .numeric: return "(\(pair.name))::numeric"
        case .text: return "(\(pair.name))::text COLLATE \"C\""
        }
    }

    /// A bound value, cast to what ``keyExpression(_:_:)`` compares with.
    private func boundValue(_ text: String, _ pair: DiffPlan.Pair, _ side: DiffPlan.Side) -> SQL {
        switch pair.comparison {
        case .native:
            let col = column(pair, side)
            return col.needsByteCollation ? "\(literal: text)::\(col.typeName) COLLATE \"C\"" : "\(literal: text)::\(col.typeName)"
        case .numeric: return "\(literal: text)::numeric"
        case .text: return "\(literal: text)::text COLLATE \"C\""
        }
    }

    private func keyTuple(_ side: DiffPlan.Side) -> SQL {
        let parts = plan.key.map { keyExpression($0, side) }
        return parts.count == 1 ? parts[0] : "ROW(\(SQL.joined(parts)))"
    }

    private func boundTuple(_ values: [String], _ side: DiffPlan.Side) -> SQL {
        let parts = zip(values, plan.key).map { boundValue($0, $1, side) }
        return parts.count == 1 ? parts[0] : "ROW(\(SQL.joined(parts)))"
    }

    /// `WHERE` conditions for a range on one side (NULL keys never take part).
    private func range(_ side: DiffPlan.Side, lo: [String]?, hi: [String]?) -> SQL {
        var conditions: [SQL] = []
        if plan.key.contains(where: { !column($0, side).notNull }) { conditions.append(plan.keyNotNull) }
        if let lo { conditions.append("\(keyTuple(side)) >= \(boundTuple(lo, side))") }
        if let hi { conditions.append("\(keyTuple(side)) < \(boundTuple(hi, side))") }
        return conditions.isEmpty ? "true" : SQL.joined(conditions, separator: " AND ")
    }

    /// The child index of a row, as a balanced CASE tree over the bounds (log₂ comparisons a row).
    private func childIndex(_ side: DiffPlan.Side, bounds: [[String]], from low: Int, to high: Int) -> SQL {
        if low == high { return "\(literal: low)" }
        let mid = (low + high) / 2
        return "CASE WHEN \(keyTuple(side)) < \(boundTuple(bounds[mid], side)) THEN \(childIndex(side, bounds: bounds, from: low, to: mid)) ELSE \(childIndex(side, bounds: bounds, from: mid + 1, to: high)) END"
    }

    private func rowText(_ side: DiffPlan.Side) -> SQL {
        let parts = (plan.key + plan.columns).map { DiffPlan.normalizedText($0, side: side) }
        return "ROW(\(SQL.joined(parts)))::text"
    }

    /// Count and checksum of each child segment of [lo, hi) cut at `bounds` (child i lies below
    /// bounds[i]). Children without rows are absent.
    private func checksums(_ side: DiffPlan.Side, _ session: Session, lo: [String]?, hi: [String]?, bounds: [[String]]) async throws -> [Int: Checksum] {
        let index = childIndex(side, bounds: bounds, from: 0, to: bounds.count)
        let query: SQL = """
            SELECT \(index) AS segment, count(*)::int8,
                   coalesce(sum(('x' || substr(md5(\(rowText(side))), 1, 15))::bit(60)::int8), 0)::text
            FROM \(table(side)) WHERE \(range(side, lo: lo, hi: hi)) GROUP BY 1
            """
        let rows = try await session.collect(query) { row in try row.decode((Int, Int, String).self) }
        var result: [Int: Checksum] = [:]
        for (segment, count, sum) in rows { result[segment] = Checksum(rows: count, sum: sum) }
        return result
    }

    /// Up to `factor − 1` cut points that split the segment into parts of about equal size: every
    /// n-th distinct key, from a sample when the segment is large and the relation allows it.
    private func boundaries(_ side: DiffPlan.Side, _ session: Session, segment: Segment, rows: Int) async throws -> [[String]] {
        let shape = side == .a ? plan.tableA : plan.tableB
        if shape.sampleable && rows > 100_000 {
            let percent = max(1, min(100, 100 * 20_000 / max(rows, 1) + 1))
            let sampled = try await cutPoints(side, session, segment: segment, sample: "TABLESAMPLE BERNOULLI (\(literal: percent)) REPEATABLE (7)")
            if !sampled.isEmpty { return sampled }
        }
        return try await cutPoints(side, session, segment: segment, sample: "")
    }

    private func cutPoints(_ side: DiffPlan.Side, _ session: Session, segment: Segment, sample: SQL) async throws -> [[String]] {
        let keys = SQL.joined(plan.key.map { "\(keyExpression($0, side)) AS \($0.name)" })
        let texts = SQL.joined(plan.key.map { "(\($0.name))::text" })
        let query: SQL = """
            SELECT DISTINCT ON (keel_tile) \(texts) FROM (
              SELECT \(plan.keyList), ntile(\(literal: options.segmentFactor)) OVER (ORDER BY \(plan.keyList)) AS keel_tile
              FROM (SELECT DISTINCT \(keys) FROM \(table(side)) \(sample) WHERE \(range(side, lo: segment.lo, hi: segment.hi))) d
            ) t
            WHERE keel_tile > 1
            ORDER BY keel_tile, \(plan.keyList)
            """
        let keyCount = plan.key.count
        return try await session.collect(query) { row -> [String] in
            var values: [String] = []
            var cells = row.makeIterator()
            for _ in 0..<keyCount { values.append(try cells.next()?.decode(String.self) ?? "") }
            return values
        }
    }

    // MARK: Rows

    /// Downloads one segment's keys and row hashes from both sides and compares them; the
    /// values of rows whose hashes differ are then fetched by key. Memory is bounded by the
    /// segment size. Returns true when `--limit` was reached.
    private func compare(_ sessionA: Session, _ sessionB: Session, _ segment: Segment, into tally: inout DiffTally) async throws -> Bool {
        async let rowsA = download(.a, sessionA, segment)
        async let rowsB = download(.b, sessionB, segment)
        let (listA, listB) = try await (rowsA, rowsB)
        let keyCount = plan.key.count
        func index(_ rows: [[String?]]) -> [[String?]: (count: Int, hash: String?)] {
            var result: [[String?]: (count: Int, hash: String?)] = [:]
            for row in rows {
                let key = Array(row[0..<keyCount])
                if let existing = result[key] { result[key] = (existing.count + 1, existing.hash) } else { result[key] = (1, row[keyCount]) }
            }
            return result
        }
        let byKeyA = index(listA), byKeyB = index(listB)
        func limitReached() -> Bool { options.limit.map { tally.differences >= $0 } ?? false }
        var seen = Set<[String?]>()
        var changed: [[String?]] = []
        for row in listA {
            let key = Array(row[0..<keyCount])
            guard seen.insert(key).inserted, let a = byKeyA[key] else { continue }
            let b = byKeyB[key]
            if a.count > 1 || (b?.count ?? 0) > 1 {
                // Repeated keys were counted when found; a single row facing repeats joins them.
                if a.count == 1 { tally.nonuniqueA += 1 }
                continue
            }
            guard let b else {
                tally.recordRemoved(key: key)
                if limitReached() { return true }
                continue
            }
            if a.hash != b.hash { changed.append(key) }
        }
        var seenB = Set<[String?]>()
        for row in listB {
            let key = Array(row[0..<keyCount])
            guard seenB.insert(key).inserted, let b = byKeyB[key] else { continue }
            if let a = byKeyA[key] {
                // Pairs were compared above; a single row facing repeats joins them.
                if a.count > 1 && b.count == 1 { tally.nonuniqueB += 1 }
                continue
            }
            if b.count > 1 { continue }
            tally.recordAdded(key: key)
            if limitReached() { return true }
        }
        // Values of the rows whose hashes differ, 500 keys a query.
        var start = 0
        while start < changed.count {
            let keys = Array(changed[start..<min(start + 500, changed.count)])
            start += 500
            async let valuesA = values(.a, sessionA, keys: keys)
            async let valuesB = values(.b, sessionB, keys: keys)
            let (fetchedA, fetchedB) = try await (valuesA, valuesB)
            for key in keys {
                guard let a = fetchedA[key], let b = fetchedB[key] else { continue }
                let differs = zip(a, b).map { $0 != $1 }
                // Equal normalized values with unequal hashes cannot happen; count what differs.
                guard differs.contains(true) else { continue }
                tally.recordModified(key: key, differs: differs) { i in (a[i], b[i]) }
                if limitReached() { return true }
            }
        }
        return false
    }

    /// Keys and row hashes of one segment, in key order.
    private func download(_ side: DiffPlan.Side, _ session: Session, _ segment: Segment) async throws -> [[String?]] {
        let keys = SQL.joined(plan.key.map { DiffPlan.normalizedText($0, side: side) })
        let order = SQL.joined(plan.key.map { keyExpression($0, side) })
        return try await session.collect(
            "SELECT \(keys), md5(\(rowText(side))) FROM \(table(side)) WHERE \(range(side, lo: segment.lo, hi: segment.hi)) ORDER BY \(order)",
            DiffSession.texts)
    }

    /// The compared columns' normalized values of the rows with these keys (unique keys only).
    private func values(_ side: DiffPlan.Side, _ session: Session, keys: [[String?]]) async throws -> [[String?]: [String?]] {
        let keyTexts = SQL.joined(plan.key.map { DiffPlan.normalizedText($0, side: side) })
        let columns: SQL = plan.columns.isEmpty ? "" : ", \(SQL.joined(plan.columns.map { DiffPlan.normalizedText($0, side: side) }))"
        let tuples = keys.map { key in boundTuple(key.map { $0 ?? "" }, side) }
        let query: SQL = "SELECT \(keyTexts)\(columns) FROM \(table(side)) WHERE \(keyTuple(side)) IN (\(SQL.joined(tuples)))"
        let keyCount = plan.key.count
        var result: [[String?]: [String?]] = [:]
        for row in try await session.collect(query, DiffSession.texts) {
            result[Array(row[0..<keyCount])] = Array(row[keyCount...])
        }
        return result
    }

    // MARK: Nonunique keys

    /// Streams the keys of one side that are NULL or repeated there. Returns the rows with a
    /// NULL key, which the checksums leave out.
    private func findNonunique(_ side: DiffPlan.Side, _ session: Session, into tally: inout DiffTally) async throws -> Int {
        let anyNull = SQL.joined(plan.key.map { "\($0.name) IS NULL" }, separator: " OR ")
        let texts = SQL.joined(plan.key.map { DiffPlan.normalizedText($0, side: side) })
        let query: SQL = """
            SELECT \(texts), count(*)::int8, (\(anyNull)) FROM \(table(side))
            GROUP BY \(plan.keyList) HAVING count(*) > 1 OR \(anyNull)
            """
        let keyCount = plan.key.count
        var nullRows = 0
        _ = try await DiffSession.stream(session, query, decode: { row -> ([String?], Int, Bool) in
            var cells = row.makeIterator()
            var key: [String?] = []
            for _ in 0..<keyCount { key.append(try cells.next()?.decode(String?.self) ?? nil) }
            let count = try cells.next()?.decode(Int.self) ?? 0
            let hasNull = try cells.next()?.decode(Bool.self) ?? true
            return (key, count, hasNull)
        }, handle: { key, count, hasNull in
            if side == .a { tally.nonuniqueA += count } else { tally.nonuniqueB += count }
            if hasNull { nullRows += count }
            tally.recordNonunique(key: key, rowsInA: side == .a ? count : nil, rowsInB: side == .b ? count : nil)
            return true
        })
        return nullRows
    }
}
