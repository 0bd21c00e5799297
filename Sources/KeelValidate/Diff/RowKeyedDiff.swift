public import KeelCore
public import KeelPostgres

extension DataDiff {
    /// Diffs two relations that have no key, keyed by the whole row, on `session` inside the
    /// transaction the caller holds (as ``diff(_:_:on:)``).
    ///
    /// Each side becomes a temporary view whose key is the row's normalized text (`keel_row`:
    /// numbers compared as numeric print in their shortest form, so 5 and 5.00 match) plus a copy
    /// number (`keel_copy`) that pairs repeated rows one to one, so the tables compare as
    /// multisets. A row is then `identical`, `added` or `removed`, never `modified`, and the
    /// samples' keys are the rows themselves. `options.columns` chooses the columns that make up
    /// a row (nil: every column the two share); `options.key` is ignored.
    /// - Throws: ``DiffError`` for unknown tables or columns, ``PostgresLayerError`` when a query fails.
    public func diffRows(_ a: TableReference, _ b: TableReference, on session: Session) async throws -> DiffReport {
        let rowColumn = try Identifier("keel_row"), copyColumn = try Identifier("keel_copy")
        var keyed = self.options
        keyed.key = [rowColumn, copyColumn]
        keyed.columns = []
        try keyed.check()
        let options = keyed
        return try await DiffSession.inSavepoint(session) {
            let shapeA = try await TableShape.load(a, session: session)
            let shapeB = try await TableShape.load(b, session: session)
            var pairs: [DiffPlan.Pair] = []
            for name in self.options.columns ?? shapeA.columns.map(\.name) {
                guard let ca = shapeA.column(name) else {
                    if self.options.columns == nil { continue }
                    throw DiffError.unknownColumn(column: name.name, table: shapeA.name.display)
                }
                guard let cb = shapeB.column(name) else {
                    if self.options.columns == nil { continue }
                    throw DiffError.unknownColumn(column: name.name, table: shapeB.name.display)
                }
                pairs.append(DiffPlan.Pair(name: name, a: ca, b: cb, comparison: DiffPlan.comparison(ca, cb)))
            }
            let temp = try Identifier("pg_temp")
            let viewA = try Identifier("keel_rows_a"), viewB = try Identifier("keel_rows_b")
            for (view, shape, side) in [(viewA, shapeA, DiffPlan.Side.a), (viewB, shapeB, DiffPlan.Side.b)] {
                let row = SQL.joined(pairs.map { DiffPlan.normalizedText($0, side: side) })
                try await session.execute("""
                    CREATE TEMPORARY VIEW \(view) AS
                    SELECT r AS \(rowColumn), row_number() OVER (PARTITION BY r) AS \(copyColumn)
                    FROM (SELECT ROW(\(row))::text AS r FROM \(shape.name)) t
                    """)
            }
            let plan = try DiffPlan(a: try await TableShape.load(TableReference(schema: temp, name: viewA), session: session),
                                    b: try await TableShape.load(TableReference(schema: temp, name: viewB), session: session),
                                    key: options.key, columns: [])
            var report = try await JoinDiff(plan: plan, options: options, config: session.config).runInOpenTransaction(session)
            report.a.table = shapeA.name
            report.b.table = shapeB.name
            let shared = Set(pairs.map(\.name))
            report.columnsOnlyInA = shapeA.columns.map(\.name).filter { !shared.contains($0) && shapeB.column($0) == nil }
            report.columnsOnlyInB = shapeB.columns.map(\.name).filter { !shared.contains($0) && shapeA.column($0) == nil }
            return report
        }
    }
}
