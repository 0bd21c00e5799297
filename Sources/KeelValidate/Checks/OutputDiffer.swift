import Foundation
import KeelCore
import KeelPostgres
import PostgresNIO

/// Compares a consumer's replayed output with its baseline, both in the sandbox, with keel diff's
/// join (``DataDiff``), inside the replay's open transaction: keyed by the output's unique key
/// when both sides carry it, else by the whole row. Numbers compare as numeric, so a type change
/// with equal values (5 and 5.00) is identical. Column changes the plan declares (a column it
/// adds, drops or renames) are recorded, not failures.
///
/// A key that turns out repeated (`nonunique_pk`) cannot match those rows, so the outputs are
/// then also compared whole, as multisets, to decide whether they are equal.
struct OutputDiffer {
    let session: Session
    /// `+name` and `-name` column changes the plan declares.
    let expected: Set<String>
    /// Sample rows kept per status.
    var sampleLimit = 3

    func diff(_ consumer: String, baseline: QualifiedName, replay: QualifiedName, key: [Identifier]?) async throws -> ValidationReport.OutputDiff {
        let before = try await columns(baseline)
        let after = try await columns(replay)
        var changes = before.filter { !after.contains($0) }.map { "-\($0.name)" }
        changes += after.filter { !before.contains($0) }.map { "+\($0.name)" }
        let declared = changes.filter(expected.contains)
        let unexpected = changes.filter { !expected.contains($0) }
        let a = TableReference(schema: baseline.schema, name: baseline.name)
        let b = TableReference(schema: replay.schema, name: replay.name)

        var keyed: DiffReport?
        if let key, !key.isEmpty, key.allSatisfy({ before.contains($0) && after.contains($0) }) {
            do {
                keyed = try await DataDiff(options: .init(key: key, sampleLimit: sampleLimit)).diff(a, b, on: session)
            } catch let error as DiffError {
                // The key's type changed beyond comparison: match whole rows instead.
                guard case .keyTypeMismatch = error else { throw error }
            }
        }
        var whole: DiffReport?
        if keyed == nil || (keyed?.counts.nonuniquePK ?? 0) > 0 {
            whole = try await DataDiff(options: .init(key: [], sampleLimit: sampleLimit)).diffRows(a, b, on: session)
        }
        guard let report = keyed ?? whole else { throw DiffError.noKey }
        let counts = report.counts
        var differences = counts.modified + counts.added + counts.removed
        if let whole { differences += whole.counts.added + whole.counts.removed }
        return .init(
            consumer: consumer, baselineRows: Int64(report.a.rows ?? 0), replayRows: Int64(report.b.rows ?? 0),
            identical: Int64(counts.identical ?? 0), removed: Int64(counts.removed), added: Int64(counts.added),
            columnChanges: changes, ok: differences == 0 && unexpected.isEmpty, error: nil,
            key: keyed == nil ? [] : report.key.map(\.name), modified: Int64(counts.modified), nonuniquePK: Int64(counts.nonuniquePK),
            expectedColumnChanges: declared,
            columns: report.columnResults.map {
                .init(column: $0.column.name, typeBefore: $0.typeA, typeAfter: $0.typeB, mismatches: Int64($0.mismatches), compared: Int64($0.compared ?? 0))
            },
            samples: report.samples.map { Self.sample($0, wholeRow: keyed == nil) })
    }

    /// A diff sample as the report shows it: the key as text (`42`, `(7, EUR)`), or the row itself.
    static func sample(_ sample: DiffReport.Sample, wholeRow: Bool) -> ValidationReport.RowSample {
        let status: ValidationReport.RowStatus = switch sample.status {
        case .identical: .identical
        case .modified: .modified
        case .added: .added
        case .removed: .removed
        case .nonuniquePK: .nonuniquePK
        }
        let values = sample.key.map { $0 ?? "NULL" }
        let key = wholeRow || values.count == 1 ? values.first ?? "" : "(" + values.joined(separator: ", ") + ")"
        return .init(status: status, key: key, changes: sample.changes.map { .init(column: $0.column.name, before: $0.a, after: $0.b) })
    }

    /// The finding's text for an output that differs.
    static func summary(_ diff: ValidationReport.OutputDiff) -> String {
        var parts: [String] = []
        if diff.modified > 0 {
            let columns = diff.columns.filter { $0.mismatches > 0 }.map { column in
                "\(column.column) \(String(format: "%.1f", (column.matchRate ?? 0) * 100))% equal"
            }
            parts.append("\(diff.modified) rows modified" + (columns.isEmpty ? "" : " (\(columns.joined(separator: ", ")))"))
        }
        if diff.removed > 0 { parts.append("\(diff.removed) removed") }
        if diff.added > 0 { parts.append("\(diff.added) added") }
        if diff.nonuniquePK > 0 { parts.append("\(diff.nonuniquePK) with a repeated key") }
        let unexpected = diff.columnChanges.filter { !diff.expectedColumnChanges.contains($0) }
        if !unexpected.isEmpty { parts.append("columns \(unexpected.joined(separator: ", "))") }
        var text = "output differs from the baseline (" + (diff.key.isEmpty ? "rows matched whole" : "key \(diff.key.joined(separator: ", "))") + "): "
        text += parts.isEmpty ? "rows differ" : parts.joined(separator: ", ")
        if let example = diff.samples.first(where: { $0.status != .nonuniquePK }) {
            text += "; e.g. \(example.status.rawValue) \(example.key)"
            if let change = example.changes.first { text += ": \(change.column) \(change.before ?? "NULL") → \(change.after ?? "NULL")" }
        }
        return text
    }

    private func columns(_ table: QualifiedName) async throws -> [Identifier] {
        try await session.collect("""
            SELECT attname::text FROM pg_attribute
            WHERE attrelid = to_regclass(\(literal: table.quoted)) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """) { try $0.decode(String.self) }.compactMap { try? Identifier($0) }
    }
}
