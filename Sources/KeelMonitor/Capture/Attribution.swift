import Foundation
import KeelCore

/// Matches captured DDL (`keel.ddl_log`) to the differences it explains.
///
/// An entry explains a difference when it names the same object (PostgreSQL's
/// `object_identity` is what ``DriftReport/Difference/object`` spells). ALTER TABLE logs the
/// table rather than the column or constraint it changed, so for a part of a table the
/// table's entries count too, narrowed to the statements that mention the part's name when
/// any does (indexes, which the log always names, take only their own entries and mentions).
enum Attribution {
    static func attach(_ entries: [DriftReport.CapturedDDL], to differences: inout [DriftReport.Difference]) {
        guard !entries.isEmpty else { return }
        for index in differences.indices {
            differences[index].capturedBy = matches(for: differences[index], in: entries)
        }
    }

    static func matches(for difference: DriftReport.Difference, in entries: [DriftReport.CapturedDDL]) -> [DriftReport.CapturedDDL] {
        let object = difference.object
        // A routine: the log names its argument types only, the catalog names the arguments too.
        let routinePrefix = difference.relation == nil ? object.firstIndex(of: "(").map { String(object[...$0]) } : nil
        let exact = entries.filter { entry in
            guard let identity = entry.objectIdentity else { return false }
            return identity == object || routinePrefix.map { identity.hasPrefix($0) } ?? false
        }
        guard let relation = difference.relation?.display, object != relation else { return exact }
        let onRelation = entries.filter { entry in
            guard let identity = entry.objectIdentity, identity != object else { return false }
            return identity == relation || identity.hasPrefix(relation + ".")
        }
        let name = partName(difference)
        let mentioning = onRelation.filter { entry in name.map { mentions(entry.statement ?? "", $0) } ?? false }
        // CREATE, ALTER and DROP INDEX log the index itself; a failed concurrent build logs nothing.
        let isIndex = [.indexAdded, .indexDropped, .indexChanged, .indexInvalid].contains(difference.kind)
        let related = mentioning.isEmpty && exact.isEmpty && !isIndex ? onRelation : mentioning
        return collapsed((exact + related).sorted { $0.id < $1.id })
    }

    /// One statement can log twice (`ALTER TABLE … DROP COLUMN` fires sql_drop for the column and
    /// ddl_command_end for the table): keep the first entry of each run of the same statement.
    static func collapsed(_ entries: [DriftReport.CapturedDDL]) -> [DriftReport.CapturedDDL] {
        var kept: [DriftReport.CapturedDDL] = []
        for entry in entries {
            if let last = kept.last, last.statement == entry.statement, last.commandTag == entry.commandTag,
               last.sessionUser == entry.sessionUser, last.currentUser == entry.currentUser, last.application == entry.application,
               entry.at.timeIntervalSince(last.at) < 1 {
                continue
            }
            kept.append(entry)
        }
        return kept
    }

    /// The name of the table part a difference is about: a column, index, constraint or trigger.
    static func partName(_ difference: DriftReport.Difference) -> String? {
        guard let relation = difference.relation else { return nil }
        if difference.object.hasPrefix(relation.display + ".") {
            return String(difference.object.dropFirst(relation.display.count + 1))
        }
        if let range = difference.object.range(of: " on ") {
            return String(difference.object[..<range.lowerBound])
        }
        if let dot = difference.object.lastIndex(of: ".") {
            return String(difference.object[difference.object.index(after: dot)...])
        }
        return nil
    }

    /// Whether `statement` names `name` as a whole word (case-insensitive; quotes around it are fine).
    static func mentions(_ statement: String, _ name: String) -> Bool {
        let bare = name.hasPrefix("\"") && name.hasSuffix("\"") && name.count > 1 ? String(name.dropFirst().dropLast()) : name
        let haystack = Array(statement.lowercased().unicodeScalars)
        let needle = Array(bare.lowercased().unicodeScalars)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        }
        var start = 0
        while start + needle.count <= haystack.count {
            if Array(haystack[start..<(start + needle.count)]) == needle {
                let before = start == 0 || !isWordScalar(haystack[start - 1])
                let after = start + needle.count == haystack.count || !isWordScalar(haystack[start + needle.count])
                if before && after { return true }
            }
            start += 1
        }
        return false
    }
}
