import KeelCore
import KeelPostgres
import PostgresNIO

/// One database: a FULL OUTER JOIN on the key, run by PostgreSQL. Only rows that differ leave the
/// server, through a cursor, so Keel's memory does not depend on table size.
///
/// Queries, all on one REPEATABLE READ snapshot:
/// 1. only when the key is not provably unique on both sides: one aggregate over both tables
///    finds NULL and repeated keys (`nonunique_pk`), which the join then leaves out;
/// 2. the join, streaming added, removed and modified rows with a per-column mismatch mask;
/// 3. concurrently on a second connection that imports the snapshot: each table's row count.
///
/// ``runInOpenTransaction(_:)`` runs the same queries inside a transaction the caller holds, so
/// relations it has not committed can be compared; the counts then run on the same session.
struct JoinDiff: Sendable {
    let plan: DiffPlan
    let options: DataDiff.Options
    let config: ConnectionConfig

    func run(_ session: Session) async throws -> DiffReport {
        try await DiffSession.inSnapshot(session) {
            let snapshot = try await session.one("SELECT pg_catalog.pg_export_snapshot()") { try $0.decode(String.self) }
            return try await compare(session, countingOn: snapshot)
        }
    }

    /// The diff inside the caller's open transaction (validation's replay, rolled back afterwards).
    func runInOpenTransaction(_ session: Session) async throws -> DiffReport {
        try await compare(session, countingOn: nil)
    }

    /// The diff on the current transaction; with an exported snapshot, the row counts run
    /// concurrently on a second connection that imports it.
    private func compare(_ session: Session, countingOn snapshot: String?) async throws -> DiffReport {
        var tally = DiffTally(columns: plan.columns.map(\.name), sampleLimit: options.sampleLimit)
        var excludeDuplicates = false
        if !(plan.uniqueA && plan.uniqueB) {
            excludeDuplicates = try await findNonunique(session, into: &tally)
        }
        var counter: Task<(Int, Int), any Error>?
        if let snapshot, options.limit == nil {
            counter = Task { [plan, config] in try await Self.countRows(plan, config: config, snapshot: snapshot) }
        }
        let complete: Bool
        do {
            complete = try await streamDifferences(session, excludeDuplicates: excludeDuplicates, into: &tally)
        } catch {
            counter?.cancel()
            throw error
        }
        var rows: (Int, Int)?
        if let counter {
            rows = try await counter.value
        } else if complete {
            rows = try await session.one("SELECT (SELECT count(*) FROM \(plan.tableA.name)), (SELECT count(*) FROM \(plan.tableB.name))") {
                let (a, b) = try $0.decode((Int, Int).self)
                return (a, b)
            }
        }
        return report(tally, rows: rows, complete: complete)
    }

    private func report(_ tally: DiffTally, rows: (Int, Int)?, complete: Bool) -> DiffReport {
        DiffReport(
            algorithm: .join,
            a: DiffReport.Side(table: plan.tableA.name, database: config.redactedURL, rows: rows?.0, nonuniqueRows: tally.nonuniqueA),
            b: DiffReport.Side(table: plan.tableB.name, database: config.redactedURL, rows: rows?.1, nonuniqueRows: tally.nonuniqueB),
            key: plan.key.map(\.name), columns: plan.columns.map(\.name),
            columnsOnlyInA: plan.onlyInA, columnsOnlyInB: plan.onlyInB, complete: complete, limit: options.limit,
            counts: tally.counts(rowsA: rows?.0, complete: complete),
            columnResults: tally.columnResults(plan: plan, rowsA: rows?.0, complete: complete),
            samples: tally.samples, bisection: nil)
    }

    /// Row counts on a second connection, on the same snapshot, while the join runs.
    static func countRows(_ plan: DiffPlan, config: ConnectionConfig, snapshot: String) async throws -> (Int, Int) {
        try await Session.with(config) { session in
            try await DiffSession.inSnapshot(session, snapshot: snapshot) {
                // The join runs on one core; keep the counts to the other.
                try await session.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                return try await session.one("SELECT (SELECT count(*) FROM \(plan.tableA.name)), (SELECT count(*) FROM \(plan.tableB.name))") {
                    let (a, b) = try $0.decode((Int, Int).self)
                    return (a, b)
                }
            }
        }
    }

    // MARK: Nonunique keys

    /// `SELECT k…, 1 AS s FROM A UNION ALL SELECT k…, 2 FROM B`, grouped by key.
    private var keyUnion: SQL {
        "SELECT \(plan.keyList), 1 AS s FROM \(plan.tableA.name) UNION ALL SELECT \(plan.keyList), 2 AS s FROM \(plan.tableB.name)"
    }

    private var repeatedInEither: SQL {
        "count(*) FILTER (WHERE s = 1) > 1 OR count(*) FILTER (WHERE s = 2) > 1"
    }

    /// Streams keys that are NULL or repeated on either side. Returns whether any non-NULL key is
    /// repeated (then the join must leave those keys out).
    private func findNonunique(_ session: Session, into tally: inout DiffTally) async throws -> Bool {
        let anyNull = SQL.joined(plan.key.map { "\($0.name) IS NULL" }, separator: " OR ")
        let keyTexts = SQL.joined(plan.key.map { "(\($0.name))::text" })
        let query: SQL = """
            SELECT \(keyTexts), count(*) FILTER (WHERE s = 1), count(*) FILTER (WHERE s = 2), (\(anyNull))
            FROM (\(keyUnion)) u GROUP BY \(plan.keyList)
            HAVING \(repeatedInEither) OR \(anyNull)
            """
        let keyCount = plan.key.count
        var repeated = false
        _ = try await DiffSession.stream(session, query, decode: { row -> ([String?], Int, Int, Bool) in
            var cells = row.makeIterator()
            var key: [String?] = []
            for _ in 0..<keyCount { key.append(try cells.next()?.decode(String?.self) ?? nil) }
            let a = try cells.next()?.decode(Int.self) ?? 0
            let b = try cells.next()?.decode(Int.self) ?? 0
            let hasNull = try cells.next()?.decode(Bool.self) ?? true
            return (key, a, b, hasNull)
        }, handle: { key, a, b, hasNull in
            tally.nonuniqueA += a
            tally.nonuniqueB += b
            if !hasNull { repeated = true }
            tally.recordNonunique(key: key, rowsInA: a, rowsInB: b)
            return true
        })
        return repeated
    }

    // MARK: The join

    /// Side `alias` of the join: the table itself, or the table without NULL and repeated keys.
    private func source(_ table: TableShape, nullable: Bool, excludeDuplicates: Bool, alias: SQL) -> SQL {
        var conditions: [SQL] = []
        if nullable { conditions.append(plan.keyNotNull) }
        if excludeDuplicates {
            let match = SQL.joined(plan.key.map { "d.\($0.name) = x.\($0.name)" }, separator: " AND ")
            conditions.append("NOT EXISTS (SELECT 1 FROM keel_duplicates d WHERE \(match))")
        }
        if conditions.isEmpty { return "\(table.name) AS \(alias)" }
        return "(SELECT * FROM \(table.name) AS x WHERE \(SQL.joined(conditions, separator: " AND "))) AS \(alias)"
    }

    private func streamDifferences(_ session: Session, excludeDuplicates: Bool, into tally: inout DiffTally) async throws -> Bool {
        let a = DiffPlan.aliasA, b = DiffPlan.aliasB
        let nullableA = plan.key.contains { !$0.a.notNull }
        let nullableB = plan.key.contains { !$0.b.notNull }
        let with: SQL = excludeDuplicates
            ? "WITH keel_duplicates AS MATERIALIZED (SELECT \(plan.keyList) FROM (\(keyUnion)) u WHERE \(plan.keyNotNull) GROUP BY \(plan.keyList) HAVING \(repeatedInEither)) "
            : ""
        let differs = plan.columns.map { pair -> SQL in
            "\(DiffPlan.compared(pair, alias: a)) IS DISTINCT FROM \(DiffPlan.compared(pair, alias: b))"
        }
        var rowDiffers: SQL
        switch plan.columns.count {
        case 0: rowDiffers = "false"
        case 1: rowDiffers = differs[0]
        default:
            let left = SQL.joined(plan.columns.map { DiffPlan.compared($0, alias: a) })
            let right = SQL.joined(plan.columns.map { DiffPlan.compared($0, alias: b) })
            rowDiffers = "ROW(\(left)) IS DISTINCT FROM ROW(\(right))"
        }
        var select: [SQL] = ["CASE WHEN \(plan.missing(b)) THEN 'r' WHEN \(plan.missing(a)) THEN 'a' ELSE 'm' END"]
        for pair in plan.key {
            select.append("coalesce((\(a).\(pair.name))::text, (\(b).\(pair.name))::text)")
        }
        let mask: SQL = differs.isEmpty ? "''" : "concat(\(SQL.joined(differs.map { "CASE WHEN \($0) THEN '1' ELSE '0' END" })))"
        select.append(mask)
        for pair in plan.columns {
            select.append("(\(a).\(pair.name))::text")
            select.append("(\(b).\(pair.name))::text")
        }
        // Values are only read for sampled rows, but always sent: rows here are the differing ones.
        let query: SQL = """
            \(with)SELECT \(SQL.joined(select))
            FROM \(source(plan.tableA, nullable: nullableA, excludeDuplicates: excludeDuplicates, alias: a))
            FULL OUTER JOIN \(source(plan.tableB, nullable: nullableB, excludeDuplicates: excludeDuplicates, alias: b))
              ON \(plan.joinCondition)
            WHERE \(plan.missing(a)) OR \(plan.missing(b)) OR \(rowDiffers)
            """
        let keyCount = plan.key.count
        let limit = options.limit
        return try await DiffSession.stream(session, query, decode: DiffSession.texts, handle: { cells in
            let key = Array(cells[1...keyCount])
            switch cells[0] ?? "" {
            case "r": tally.recordRemoved(key: key)
            case "a": tally.recordAdded(key: key)
            default:
                let mask = cells[keyCount + 1] ?? ""
                let flags = mask.map { $0 == "1" }
                let base = keyCount + 2
                tally.recordModified(key: key, differs: flags) { i in (cells[base + 2 * i], cells[base + 2 * i + 1]) }
            }
            if let limit, tally.differences >= limit { return false }
            return true
        })
    }
}
