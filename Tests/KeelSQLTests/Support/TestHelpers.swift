import Foundation
import KeelSQL
import Testing

/// Parses one statement and fails the test on any error diagnostic.
func statement(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Statement {
    let result = Parser.parse(sql)
    #expect(result.errors.isEmpty, "\(result.errors.map(\.rendered).joined(separator: "\n"))", sourceLocation: sourceLocation)
    #expect(result.statements.count == 1, sourceLocation: sourceLocation)
    return try #require(result.statements.first, sourceLocation: sourceLocation)
}

/// Parses one query statement.
func query(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Query {
    let parsed = try statement(sql, sourceLocation: sourceLocation)
    guard case .query(let query) = parsed.kind else {
        Issue.record("not a query: \(parsed.kindName)", sourceLocation: sourceLocation)
        throw ExpectedShape()
    }
    return query
}

/// Parses one SELECT and returns its core.
func select(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Select {
    let parsed = try query(sql, sourceLocation: sourceLocation)
    guard case .select(let select) = parsed.body else {
        Issue.record("not a SELECT", sourceLocation: sourceLocation)
        throw ExpectedShape()
    }
    return select
}

/// Parses one expression.
func expression(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SQLExpression {
    try Parser.parseExpression(sql)
}

/// Thrown when a parsed node does not have the expected shape.
struct ExpectedShape: Error {}

/// The directory holding this test target's fixtures.
enum Fixtures {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures", isDirectory: true)
    }

    /// Lines of a fixture file grouped by `-- meta: section`, skipping comments and blank lines.
    static func sections(_ file: String) -> [(section: String, line: Int, text: String)] {
        let url = directory.appendingPathComponent(file)
        guard let content = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var section = ""
        var items: [(String, Int, String)] = []
        for (number, raw) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.hasPrefix("-- meta:") {
                section = line.dropFirst("-- meta:".count).trimmingCharacters(in: .whitespaces)
                continue
            }
            if line.hasPrefix("--") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            items.append((section, number + 1, line))
        }
        return items
    }
}
