import Foundation

/// What changed between a query's plan before and after.
enum QueryPlanComparison {
    /// Flags, each with whether it fails validation: lost index use fails; a flipped join type,
    /// a cost ratio or an execution time ratio above its threshold warn. A time ratio counts only
    /// when the query takes at least `minimumMilliseconds` after the change, so sub-millisecond
    /// jitter is never flagged.
    static func flags(before: WorkloadRunner.QueryPlan, after: WorkloadRunner.QueryPlan, options: Validator.Options) -> [(String, Bool)] {
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
        if before.cost > 0, after.cost / before.cost > options.costRatioThreshold {
            flags.append(("estimated cost ×\(String(format: "%.1f", after.cost / before.cost)) (\(Int(before.cost)) → \(Int(after.cost)))", false))
        }
        if let timeBefore = before.milliseconds, let timeAfter = after.milliseconds, timeAfter >= options.minimumMilliseconds,
           timeAfter / max(timeBefore, 0.001) > options.timeRatioThreshold {
            flags.append(("execution time ×\(String(format: "%.1f", timeAfter / max(timeBefore, 0.001))) (\(String(format: "%.2f", timeBefore)) ms → \(String(format: "%.2f", timeAfter)) ms)", false))
        }
        return flags
    }
}
