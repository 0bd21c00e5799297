import Foundation
import KeelCore
public import KeelSQL

/// Classifies a change to one model's query (old SQL → new SQL) as non-breaking, partial-breaking,
/// breaking or unknown, the way Recce and SQLMesh do.
///
/// Both versions are parsed and printed back canonically, clause by clause. A change to the sources,
/// joins, WHERE, GROUP BY/HAVING, DISTINCT, QUALIFY/WINDOW, ORDER BY/LIMIT or to the set of CTEs (or
/// one CTE's clauses) is **breaking**: every row may change. Otherwise the output columns are compared
/// by name: a column whose expression or lineage changed, or that reads a changed CTE column, is
/// modified. Modified or removed columns make the change **partial_breaking** (only what reads those
/// columns is affected); added columns alone are **non_breaking**. SQL that does not parse, or is not
/// one query, is **unknown**. dbt Jinja in the files is reduced first: `ref()` and `source()` become
/// relation names, `config()` and comments go, `is_incremental()` blocks are dropped.
///
/// ```swift
/// let change = ChangeClassifier().classify(old: "select a, b from t", new: "select a, b, c from t")
/// change.category   // .nonBreaking, columns ["c": .added]
/// ```
public struct ChangeClassifier: Sendable {
    let schema: any SchemaProvider
    let searchPath: [String]
    let refs: [String: String]

    /// Creates a classifier.
    /// - Parameters:
    ///   - schema: table metadata, so `*` expands (a ``SchemaMap`` or ``CatalogSchema``).
    ///   - searchPath: schemas for unqualified names.
    ///   - refs: dbt model names and the relations they build, for `ref('name')` in raw model files.
    public init(schema: any SchemaProvider = SchemaMap([:]), searchPath: [String] = ["public"], refs: [String: String] = [:]) {
        self.schema = schema
        self.searchPath = searchPath
        self.refs = refs
    }

    /// Classifies the change from `old` to `new`.
    public func classify(old: String, new: String) -> ChangeClassification {
        let oldShape: QueryShape
        let newShape: QueryShape
        switch (shape(old), shape(new)) {
        case (.success(let first), .success(let second)):
            oldShape = first
            newShape = second
        case (.failure(let problem), _):
            return ChangeClassification(category: .unknown, reasons: ["old SQL: \(problem.reason)"])
        case (_, .failure(let problem)):
            return ChangeClassification(category: .unknown, reasons: ["new SQL: \(problem.reason)"])
        }
        var reasons: [String] = []
        var breaking = false

        // CTEs, in order: their set, their clauses, their columns.
        var changedCTEColumns = Set<String>()
        let oldCTEs = oldShape.ctes.map(\.name)
        let newCTEs = newShape.ctes.map(\.name)
        if Set(oldCTEs) != Set(newCTEs) {
            breaking = true
            let added = newCTEs.filter { !oldCTEs.contains($0) }
            let removed = oldCTEs.filter { !newCTEs.contains($0) }
            reasons.append("CTEs changed" + (added.isEmpty ? "" : ", added: \(added.joined(separator: ", "))")
                           + (removed.isEmpty ? "" : ", removed: \(removed.joined(separator: ", "))"))
        }
        for newCTE in newShape.ctes {
            guard let oldCTE = oldShape.ctes.first(where: { $0.name == newCTE.name }) else { continue }
            for (label, text) in newCTE.shape.clauses where oldCTE.shape.clauses[label] != text {
                breaking = true
                reasons.append("CTE \(newCTE.name): \(label) changed")
            }
            let oldItems = oldCTE.shape.itemTexts
            for (name, text) in newCTE.shape.itemTexts {
                if let before = oldItems[name], before != text || QueryShape.mentions(text, changedCTEColumns) {
                    changedCTEColumns.insert(name)
                }
            }
            for name in oldItems.keys where newCTE.shape.itemTexts[name] == nil { changedCTEColumns.insert(name) }
        }

        // The query's own clauses.
        for (label, text) in newShape.clauses where oldShape.clauses[label] != text {
            breaking = true
            reasons.append("\(label) changed")
        }
        for label in oldShape.clauses.keys where newShape.clauses[label] == nil {
            breaking = true
            reasons.append("\(label) changed")
        }

        // Output columns.
        var columns: [String: ChangeClassification.ColumnChange] = [:]
        let oldNames = Set(oldShape.outputs.map(\.name))
        let newNames = Set(newShape.outputs.map(\.name))
        for output in newShape.outputs where !oldNames.contains(output.name) { columns[output.name] = .added }
        for output in oldShape.outputs where !newNames.contains(output.name) {
            columns[output.name] = .removed
            reasons.append("column \(output.name) removed")
        }
        for output in newShape.outputs {
            guard let before = oldShape.outputs.first(where: { $0.name == output.name }) else { continue }
            if before.text != output.text {
                columns[output.name] = .modified
                reasons.append("column \(output.name): expression changed")
            } else if before.sources != output.sources {
                columns[output.name] = .modified
                reasons.append("column \(output.name): its sources changed")
            } else if QueryShape.mentions(output.text, changedCTEColumns) || (output.fromStar && changedCTEColumns.contains(output.name)) {
                columns[output.name] = .modified
                reasons.append("column \(output.name): reads a changed CTE column")
            }
        }
        let category: ChangeClassification.Category
        if breaking {
            category = .breaking
        } else if columns.values.contains(where: { $0 != .added }) {
            category = .partialBreaking
        } else {
            category = .nonBreaking
            if columns.isEmpty { reasons.append("no change to the query's meaning") }
        }
        return ChangeClassification(category: category, columns: columns, reasons: reasons)
    }

    /// Adds what `classification` affects downstream of `relation` in a lineage graph: for a partial
    /// break, what reads the modified and removed columns; for a break, what reads any column.
    /// - Parameters:
    ///   - classification: the result of ``classify(old:new:)``.
    ///   - relation: the model's relation in the graph (`analytics.fct_orders`).
    ///   - analyzer: the graph.
    /// - Returns: the classification with ``ChangeClassification/relation`` and ``ChangeClassification/affected`` set.
    public static func withAffected(_ classification: ChangeClassification, relation: String, analyzer: ImpactAnalyzer) -> ChangeClassification {
        var result = classification
        result.relation = relation
        var targets: [String] = []
        switch classification.category {
        case .nonBreaking: break
        case .partialBreaking:
            targets = classification.columns.filter { $0.value != .added }.keys.sorted().map { relation + "." + SQLPrinter.identifier($0) }
        case .breaking, .unknown:
            targets = [relation]
        }
        var columns = Set<String>()
        var consumers = Set<String>()
        for target in targets {
            guard let report = try? analyzer.impact(of: target) else { continue }
            columns.formUnion(report.columns.map(\.column))
            consumers.formUnion(report.consumers.map(\.id))
        }
        result.affected = ChangeClassification.Affected(columns: columns.sorted(), consumers: consumers.sorted())
        return result
    }

    struct Problem: Error {
        let reason: String
    }

    func shape(_ text: String) -> Result<QueryShape, Problem> {
        let sql = DbtSQLReducer.reduce(text, refs: refs)
        let parsed = Parser.parse(sql)
        if let error = parsed.diagnostics.first(where: { $0.severity == .error }) {
            return .failure(Problem(reason: "does not parse (line \(error.line)): \(error.message)"))
        }
        guard parsed.statements.count == 1, let statement = parsed.statements.first, case .query(let query) = statement.kind else {
            return .failure(Problem(reason: "is not exactly one query (\(parsed.statements.count) statement(s))"))
        }
        let lineage = LineageAnalyzer(schema: schema, searchPath: searchPath).analyze(parsed)
        let columns = lineage.statements.first?.columns ?? []
        return .success(QueryShape(query, lineage: columns))
    }
}
