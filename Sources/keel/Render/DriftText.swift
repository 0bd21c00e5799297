import Foundation
import KeelCore

/// The text form of a drift report: a header, then one block per difference with its DDL,
/// who made it (when captured) and how to revert it.
enum DriftText {
    static func render(_ report: DriftReport) -> String {
        let environment = report.environment ?? "the database"
        let baseline = describe(report.baseline)
        guard report.drifted else {
            return "no drift on \(environment): the live catalog matches \(baseline)"
        }
        var lines = ["drift on \(environment): \(report.differences.count) difference(s) from \(baseline)"]
        for difference in report.differences {
            lines.append("")
            lines.append("\(marker(difference.kind)) \(difference.summary)")
            for statement in difference.ddl { lines.append("    \(statement.text);") }
            for entry in difference.capturedBy { lines.append("    \(attribution(entry, verb: verb(difference.kind)))") }
            if let note = difference.note { lines.append("    note: \(note)") }
            for statement in difference.revert { lines.append("    revert: \(statement.text);") }
        }
        if !report.captureInstalled {
            lines.append("")
            lines.append("to see who made each change, install DDL capture: keel drift install-capture --env \(report.environment ?? "NAME")")
        }
        return lines.joined(separator: "\n")
    }

    /// `baseline #4 (recorded after rollout 2, step expand.3, by alice at 2025-06-01T10:00:00Z)`.
    static func describe(_ baseline: DriftReport.Baseline) -> String {
        let when = baseline.migrationID.map { "after rollout \($0)" + (baseline.step.map { ", step \($0)," } ?? "") } ?? "by hand"
        return "baseline #\(baseline.id) (recorded \(when) by \(baseline.recordedBy) at \(timestamp(baseline.recordedAt)))"
    }

    /// `added by alice at 2025-06-01T10:02:00Z via psql: ALTER TABLE orders ADD COLUMN note text`.
    static func attribution(_ entry: DriftReport.CapturedDDL, verb: String) -> String {
        var who = entry.currentUser
        if entry.sessionUser != entry.currentUser { who += " (logged in as \(entry.sessionUser))" }
        var text = "\(verb) by \(who) at \(timestamp(entry.at))"
        if let application = entry.application { text += " via \(application)" }
        let statement = (entry.statement ?? entry.commandTag).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        text += ": " + (statement.count > 200 ? String(statement.prefix(200)) + "…" : statement)
        return text
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func marker(_ kind: DriftReport.Kind) -> String {
        switch kind {
        case .schemaAdded, .tableAdded, .columnAdded, .indexAdded, .constraintAdded, .triggerAdded, .viewAdded, .sequenceAdded,
             .typeAdded, .functionAdded, .extensionAdded: "+"
        case .schemaDropped, .tableDropped, .columnDropped, .indexDropped, .constraintDropped, .triggerDropped, .viewDropped,
             .sequenceDropped, .typeDropped, .functionDropped, .extensionDropped: "-"
        case .indexInvalid: "!"
        default: "~"
        }
    }

    private static func verb(_ kind: DriftReport.Kind) -> String {
        switch marker(kind) {
        case "+": "added"
        case "-": "dropped"
        default: "changed"
        }
    }
}
