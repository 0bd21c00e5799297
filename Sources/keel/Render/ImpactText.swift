import Foundation
import KeelCore
import KeelLineage

/// The human form of an ``ImpactReport``: consumers by group, each with depth, dependency, columns and path.
enum ImpactText {
    static func render(_ report: ImpactReport) -> String {
        let direction = report.direction == .downstream ? "downstream of" : "upstream of"
        let depth = report.maxDepth.map { ", depth ≤ \($0)" } ?? ""
        var lines = ["\(direction) \(report.target)\(depth): \(report.consumers.count) consumer(s), \(report.columns.count) column(s)"]
        if report.consumers.isEmpty {
            lines.append(report.direction == .downstream ? "nothing reads it" : "nothing feeds it")
        }
        for group in LineageGraph.ConsumerGroup.allCases {
            let members = report.consumers.filter { $0.group == group }
            guard !members.isEmpty else { continue }
            lines.append("")
            lines.append("\(group.title) (\(members.count))")
            let width = min(40, members.map(\.name.count).max() ?? 0)
            for consumer in members {
                let name = consumer.name.padding(toLength: max(width, consumer.name.count), withPad: " ", startingAt: 0)
                var line = "  \(name)  depth \(consumer.depth)  \(consumer.dependency)"
                if let owner = consumer.owner { line += "  owner \(owner)" }
                lines.append(line)
                if !consumer.columns.isEmpty {
                    lines.append("    columns: " + consumer.columns.joined(separator: ", "))
                }
                lines.append("    path:    " + consumer.path.map(step).joined(separator: " → "))
            }
        }
        if let keys = report.joinKeys, !keys.isEmpty {
            lines.append("")
            lines.append("Join keys (\(keys.count))")
            for key in keys {
                let arrow = key.role == .referencedBy ? "\(key.column) → \(key.targetColumn)" : "\(key.targetColumn) → \(key.column)"
                let types = [key.role == .referencedBy ? key.columnType : key.targetType, key.role == .referencedBy ? key.targetType : key.columnType]
                    .map { $0 ?? "?" }.joined(separator: " → ")
                let source = switch key.source {
                case .declared: "declared" + (key.constraint.map { " (\($0))" } ?? "")
                case .inferred: "inferred, confidence " + String(format: "%.2f", Double(key.confidencePercent ?? 0) / 100)
                }
                lines.append("  \(arrow)  \(types)  \(source)")
                if !key.evidence.isEmpty { lines.append("    evidence: " + key.evidence.joined(separator: "; ")) }
                for breaking in key.breaks { lines.append("    breaks:   " + breaking) }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func step(_ step: ImpactStep) -> String {
        guard let subtype = step.subtype else { return step.node }
        return "\(step.node) [\(subtype)]"
    }
}
