import KeelCore

/// The consumer patches as readable diffs: one block per file, each line marked added, removed,
/// context or hunk header (by its sign as well as its colour).
struct PatchesSection {
    let patches: [MigrationPlan.ConsumerPatch]

    /// The anchor of a consumer's patch, for links from the impact graph.
    static func anchor(_ patch: MigrationPlan.ConsumerPatch) -> String { "patch-" + HTML.token(patch.file + "\n" + patch.consumer) }

    enum LineKind: String { case file, hunk, added, removed, context }

    static func kind(of line: Substring) -> LineKind {
        if line.hasPrefix("+++") || line.hasPrefix("---") { return .file }
        if line.hasPrefix("@@") { return .hunk }
        if line.hasPrefix("+") { return .added }
        if line.hasPrefix("-") { return .removed }
        return .context
    }

    func write(into html: inout HTMLWriter) {
        html.raw(#"<section id="patches" aria-labelledby="patches-title"><h2 id="patches-title">Consumer patches</h2>"#)
        guard !patches.isEmpty else {
            html.raw("<p>The plan patches no consumer.</p></section>")
            return
        }
        html.element("p", text: "\(patches.count) file\(patches.count == 1 ? "" : "s") move off the replaced columns; each diff applies with git apply.")
        for patch in patches {
            html.open("article", ["class": "patch", "id": Self.anchor(patch)])
            html.open("h3")
            html.element("code", text: patch.file)
            html.close("h3")
            html.open("p", ["class": "muted small"])
            html.text(patch.consumer + (patch.columns.isEmpty ? "" : " · moves off " + patch.columns.joined(separator: ", ")))
            html.close("p")
            var added = 0
            var removed = 0
            html.raw(#"<pre class="diff" tabindex="0"><code>"#)
            var lines = patch.diff.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for line in lines {
                let kind = Self.kind(of: line)
                if kind == .added { added += 1 }
                if kind == .removed { removed += 1 }
                html.raw("<span class=\"d-\(kind.rawValue)\">")
                html.text(String(line))
                html.raw("</span>\n")
            }
            html.raw("</code></pre>")
            html.element("p", ["class": "muted small"], text: "\(added) line\(added == 1 ? "" : "s") added, \(removed) removed")
            html.close("article")
        }
        html.raw("</section>")
    }
}
