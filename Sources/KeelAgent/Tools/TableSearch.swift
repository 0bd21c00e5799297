import Foundation
import KeelCore
import KeelDiscover
import Synchronization

/// `search_tables` answers with `keel find`'s ranker (TableFinder); `describe_table` reads one table.
enum TableSearch {
    struct Hit: Codable, Sendable {
        var relation: String
        var kind: String
        var score: Double
        /// Why it ranks here: `signal: detail`, strongest first.
        var matches: [String]
        /// Its columns that match the request.
        var columns: [String]
        var rows: Int64?
    }

    /// The last catalog's index, so a session's searches index the catalog once.
    private static let index = Mutex<(fingerprint: ContentHash, finder: TableFinder)?>(nil)

    static func finder(for catalog: Catalog) -> TableFinder {
        if let cached = index.withLock({ $0 }), cached.fingerprint == catalog.fingerprint { return cached.finder }
        let finder = TableFinder(catalog)
        index.withLock { $0 = (catalog.fingerprint, finder) }
        return finder
    }

    /// The best `limit` relations for `query`; none when it has no word to search for.
    static func search(_ catalog: Catalog, query: String, limit: Int) -> [Hit] {
        guard let result = try? finder(for: catalog).find(query, top: max(1, limit)) else { return [] }
        return result.hits.map { hit in
            Hit(relation: hit.relation, kind: hit.kind.rawValue, score: hit.score,
                matches: hit.reasons.map { "\($0.signal.rawValue): \($0.detail)" },
                columns: hit.columns.map { "\($0.name) (\($0.matches.joined(separator: "; ")))" }, rows: hit.rows)
        }
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
