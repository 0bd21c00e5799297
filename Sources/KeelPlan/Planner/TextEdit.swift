/// A replacement of a UTF-8 byte range of a file.
struct TextEdit: Equatable {
    var start: Int
    var end: Int
    var replacement: String

    /// Applies non-overlapping edits (later ones first, so earlier offsets stay valid).
    static func apply(_ edits: [TextEdit], to text: String) -> String {
        var bytes = Array(text.utf8)
        var lastStart = Int.max
        for edit in edits.sorted(by: { $0.start > $1.start }) where edit.end <= lastStart && edit.start >= 0 && edit.end <= bytes.count {
            bytes.replaceSubrange(edit.start..<edit.end, with: Array(edit.replacement.utf8))
            lastStart = edit.start
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `diff -u` output for two versions of a file whose edits keep every line in place.
enum UnifiedDiff {
    static func make(file: String, old: String, new: String, context: Int = 3) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var output = "--- a/\(file)\n+++ b/\(file)\n"
        guard a.count == b.count else {
            // Not produced by Keel's edits; show the whole file replaced.
            output += "@@ -1,\(a.count) +1,\(b.count) @@\n" + a.map { "-\($0)\n" }.joined() + b.map { "+\($0)\n" }.joined()
            return output
        }
        let changed = a.indices.filter { a[$0] != b[$0] }
        var hunks: [(Int, Int)] = []
        for line in changed {
            let start = max(0, line - context)
            let end = min(a.count - 1, line + context)
            if let last = hunks.last, start <= last.1 + 1 { hunks[hunks.count - 1].1 = end } else { hunks.append((start, end)) }
        }
        for (start, end) in hunks {
            let length = end - start + 1
            output += "@@ -\(start + 1),\(length) +\(start + 1),\(length) @@\n"
            for line in start...end {
                if a[line] == b[line] { output += " \(a[line])\n" } else { output += "-\(a[line])\n+\(b[line])\n" }
            }
        }
        return output
    }
}
