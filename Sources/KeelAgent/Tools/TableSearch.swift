import Foundation
import KeelCore

/// Name search over the catalog until `keel find` exists: each word of the request scores a
/// relation by where it appears (name, then column names, then comments).
enum TableSearch {
    struct Hit: Codable, Sendable {
        var relation: String
        var kind: String
        var score: Int
        var matches: [String]
        var rows: Int64?
    }

    static func search(_ catalog: Catalog, query: String, limit: Int) -> [Hit] {
        let words = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count > 1 }
        var hits: [Hit] = []
        func score(_ name: QualifiedName, kind: String, columns: [Catalog.Column], comment: String?, rows: Int64?) {
            var total = 0
            var matches: [String] = []
            for word in words {
                let stem = word.count > 3 && word.hasSuffix("s") ? String(word.dropLast()) : word
                if name.name.name.lowercased().contains(stem) { total += 10; matches.append("name ~ \(word)") }
                for column in columns where column.name.name.lowercased().contains(stem) {
                    total += 3
                    matches.append("column \(column.name.display)")
                }
                if let comment, comment.lowercased().contains(stem) { total += 2; matches.append("comment ~ \(word)") }
            }
            if total > 0 { hits.append(Hit(relation: name.display, kind: kind, score: total, matches: matches, rows: rows)) }
        }
        for table in catalog.tables { score(table.qualifiedName, kind: "table", columns: table.columns, comment: table.comment, rows: table.stats?.rowEstimate) }
        for view in catalog.views { score(view.qualifiedName, kind: view.materialized ? "materialized view" : "view", columns: view.columns, comment: view.comment, rows: nil) }
        return Array(hits.sorted { ($0.score, $1.relation) > ($1.score, $0.relation) }.prefix(max(1, limit)))
    }

    struct Description: Codable, Sendable {
        var table: Catalog.Table
        var readBy: [String]
    }

    static func describe(_ catalog: Catalog, lineage: LineageGraph?, table text: String) throws -> Description {
        let parts = text.split(separator: ".").map(String.init)
        let name = try QualifiedName(schema: parts.count == 2 ? parts[0] : "public", name: parts.last ?? text)
        guard let table = catalog.table(name) else { throw AgentError.missingArgument(tool: "describe_table", name: "table (\(name.display) is not a table)") }
        var readers: [String] = []
        if let graph = lineage, let relation = graph.relations.firstIndex(where: { $0.name == name.display }) {
            readers = graph.consumers.filter { $0.inputs.contains(relation) }.map(\.id).sorted()
        }
        return Description(table: table, readBy: readers)
    }
}
