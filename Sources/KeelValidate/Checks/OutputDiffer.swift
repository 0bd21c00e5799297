import Foundation
import KeelCore
import KeelPostgres
import PostgresNIO

/// Compares a consumer's replayed output with its baseline inside the database: rows as
/// multisets (EXCEPT ALL both ways) over the columns both have, numbers compared as numeric so a
/// type change with equal values (5 vs 5.00) counts as identical.
struct OutputDiffer {
    let session: Session

    func diff(_ consumer: String, _ baseline: QualifiedName, _ replay: QualifiedName) async throws -> ValidationReport.OutputDiff {
        let before = try await columns(baseline)
        let after = try await columns(replay)
        let afterNames = Set(after.map(\.0))
        let beforeNames = Set(before.map(\.0))
        var changes = before.filter { !afterNames.contains($0.0) }.map { "-\($0.0)" }
        changes += after.filter { !beforeNames.contains($0.0) }.map { "+\($0.0)" }
        let afterTypes = Dictionary(after, uniquingKeysWith: { first, _ in first })
        let shared = before.filter { afterNames.contains($0.0) }
        let numeric: Set<String> = ["smallint", "integer", "bigint", "numeric", "real", "double precision"]
        let projection = SQL.joined(shared.compactMap { name, type -> SQL? in
            guard let identifier = try? Identifier(name) else { return nil }
            let bothNumeric = numeric.contains(type.split(separator: "(").first.map(String.init) ?? type)
                && numeric.contains(afterTypes[name].flatMap { $0.split(separator: "(").first.map(String.init) } ?? "")
            return bothNumeric ? "\(identifier)::numeric" : "\(identifier)::text"
        })
        let counts = try await session.one("""
            SELECT (SELECT count(*) FROM \(baseline)), (SELECT count(*) FROM \(replay)),
                   (SELECT count(*) FROM (SELECT \(projection) FROM \(baseline) EXCEPT ALL SELECT \(projection) FROM \(replay)) r),
                   (SELECT count(*) FROM (SELECT \(projection) FROM \(replay) EXCEPT ALL SELECT \(projection) FROM \(baseline)) a)
            """) { try $0.decode((Int64, Int64, Int64, Int64).self) }
        let removedColumns = changes.filter { $0.hasPrefix("-") }
        return .init(consumer: consumer, baselineRows: counts.0, replayRows: counts.1, identical: counts.0 - counts.2,
                     removed: counts.2, added: counts.3, columnChanges: changes,
                     ok: counts.2 == 0 && counts.3 == 0 && removedColumns.isEmpty)
    }

    private func columns(_ table: QualifiedName) async throws -> [(String, String)] {
        try await session.collect("""
            SELECT attname::text, format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = to_regclass(\(literal: table.quoted)) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """) { try $0.decode((String, String).self) }
    }
}

/// What changed between a query's plan before and after.
enum QueryPlanComparison {
    /// Flags, each with whether it fails validation.
    static func flags(before: (nodes: [String], cost: Double), after: (nodes: [String], cost: Double), threshold: Double) -> [(String, Bool)] {
        var flags: [(String, Bool)] = []
        let indexed = ["Index Scan on ", "Index Only Scan on ", "Bitmap Heap Scan on "]
        for node in before.nodes {
            guard let prefix = indexed.first(where: { node.hasPrefix($0) }) else { continue }
            let relation = String(node.dropFirst(prefix.count))
            if !after.nodes.contains(where: { candidate in indexed.contains { candidate == $0 + relation } }) {
                flags.append(("lost index use on \(relation): \(prefix.dropLast(4)) became \(after.nodes.first { $0.hasSuffix(" on " + relation) } ?? "gone")", true))
            }
        }
        let joins: Set<String> = ["Nested Loop", "Hash Join", "Merge Join"]
        let joinsBefore = before.nodes.filter(joins.contains)
        let joinsAfter = after.nodes.filter(joins.contains)
        if joinsBefore.count == joinsAfter.count, joinsBefore != joinsAfter {
            flags.append(("join type changed: \(joinsBefore.joined(separator: ", ")) → \(joinsAfter.joined(separator: ", "))", false))
        }
        if before.cost > 0, after.cost / before.cost > threshold {
            flags.append(("estimated cost ×\(String(format: "%.1f", after.cost / before.cost)) (\(Int(before.cost)) → \(Int(after.cost)))", false))
        }
        return flags
    }
}
