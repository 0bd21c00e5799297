import Foundation
import KeelCore
import KeelLineage

/// A consumer's SQL for the report: a view's definition from the catalog, or the lines of its file in
/// the project (a dbt model's whole file, a DAG task's operator call, a keel.yaml entry).
///
/// Locations come from lineage.json, so a file is read only when it resolves inside the project
/// directory: an edited lineage file cannot pull `/etc/passwd` or `../secrets` into a report.
struct ConsumerSQL {
    struct Source: Equatable {
        /// Where it came from: `dbt/models/stg_invoices.sql`, `keel.yaml:27`, `catalog: view definition`.
        var origin: String
        var text: String
    }

    let project: URL?
    let catalog: Catalog?
    /// Files read once each.
    private var files: [String: [Substring]] = [:]

    /// Files larger than this are not embedded.
    static let maximumFileBytes = 512 * 1024
    /// At most this many lines of one source.
    static let maximumLines = 160

    init(project: URL?, catalog: Catalog?) {
        self.project = project?.standardizedFileURL.resolvingSymlinksInPath()
        self.catalog = catalog
    }

    /// The source of `consumer`, or why there is none.
    mutating func source(of consumer: ImpactedConsumer) -> Result<Source, Missing> {
        if consumer.kind == .view || consumer.kind == .materializedView, let view = view(for: consumer) {
            let keyword = view.materialized ? "CREATE MATERIALIZED VIEW" : "CREATE VIEW"
            return .success(Source(origin: "catalog: view definition", text: "\(keyword) \(view.qualifiedName.display) AS\n" + view.definition))
        }
        if consumer.kind == .dbtExposure { return .failure(.noSQL("an exposure declares the models it uses; it has no SQL of its own")) }
        guard let location = consumer.location, !location.isEmpty else { return .failure(.noSQL("lineage records no file for it")) }
        let parts = location.split(separator: ":", omittingEmptySubsequences: false)
        let file = String(parts[0])
        let line = parts.count > 1 ? Int(parts[1]) : nil
        guard let fileLines = lines(of: file) else {
            return .failure(.unreadable(project == nil ? "\(file) (no project directory was given)" : file))
        }
        guard let line, line >= 1, line <= fileLines.count else {
            let shown = fileLines.prefix(Self.maximumLines)
            return .success(Source(origin: file, text: shown.joined(separator: "\n") + (fileLines.count > shown.count ? "\n…" : "")))
        }
        let block = file.hasSuffix(".py") ? Self.bracketBlock(fileLines, from: line - 1) : Self.indentedBlock(fileLines, from: line - 1)
        return .success(Source(origin: "\(file):\(line)", text: block.joined(separator: "\n")))
    }

    enum Missing: Error, Equatable {
        case noSQL(String)
        case unreadable(String)
    }

    func view(for consumer: ImpactedConsumer) -> Catalog.View? {
        catalog?.views.first { view in
            let name: String = view.qualifiedName.display
            return "view:" + name == consumer.id || name == consumer.name
        }
    }

    /// The file's lines, when it lies inside the project and is small enough.
    private mutating func lines(of file: String) -> [Substring]? {
        if let cached = files[file] { return cached }
        guard let project, !file.hasPrefix("/") else { return nil }
        let url = project.appendingPathComponent(file).standardizedFileURL.resolvingSymlinksInPath()
        guard url.path.hasPrefix(project.path + "/"),
              let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = attributes[.size] as? Int, size <= Self.maximumFileBytes,
              let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        files[file] = lines
        return lines
    }

    /// From `start` until its brackets close (a Python operator call with its SQL string).
    static func bracketBlock(_ lines: [Substring], from start: Int) -> [Substring] {
        var depth = 0
        var opened = false
        var block: [Substring] = []
        for line in lines[start...] {
            block.append(line)
            for character in line {
                if "([{".contains(character) { depth += 1; opened = true }
                if ")]}".contains(character) { depth -= 1 }
            }
            if (opened && depth <= 0) || block.count >= maximumLines { break }
        }
        return block
    }

    /// `start` and the lines indented deeper than it (a YAML list entry with its queries).
    static func indentedBlock(_ lines: [Substring], from start: Int) -> [Substring] {
        let base = lines[start].prefix { $0 == " " }.count
        var block: [Substring] = [lines[start]]
        for line in lines[(start + 1)...] where block.count < maximumLines {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { block.append(line); continue }
            if line.prefix(while: { $0 == " " }).count <= base { break }
            block.append(line)
        }
        while let last = block.last, last.trimmingCharacters(in: .whitespaces).isEmpty { block.removeLast() }
        return block
    }
}
