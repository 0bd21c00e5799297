import Foundation
import KeelSQL
import KeelTestSupport
import Testing

/// Every statement of the shared PostgreSQL dumps splits and parses without an error diagnostic.
@Suite("Corpus parsing")
struct CorpusTests {
    /// Statement kinds that must be fully modeled (never `other`) when they appear in a dump.
    static let fullyModeled: Set<String> = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE TABLE", "CREATE TABLE AS", "CREATE VIEW",
        "CREATE MATERIALIZED VIEW", "CREATE INDEX", "ALTER TABLE",
    ]

    static func load(_ path: String) throws -> String {
        let url = try SharedFixtures.url(path)
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func report(_ result: ParseResult, limit: Int = 10) -> String {
        result.errors.prefix(limit).map(\.rendered).joined(separator: "\n\n")
    }

    @Test("dump parses with no error", arguments: [
        "corpora/pg_sample_data/pagila.sql",
        "corpora/pg_schemas/chado.sql",
        "corpora/pg_schemas/danbooru.sql",
        "corpora/pg_sample_data/northwind.sql",
        "corpora/pg_sample_data/chinook.sql",
    ])
    func dumpParses(path: String) throws {
        let text = try Self.load(path)
        let result = Parser.parse(text)
        #expect(result.errors.isEmpty, "\(result.errors.count) errors in \(path):\n\(Self.report(result))")
        #expect(!result.statements.isEmpty)
        for statement in result.statements {
            if case .invalid = statement.kind {
                Issue.record("invalid statement at line \(statement.range.line) in \(path)")
            }
            if case .other(let other) = statement.kind {
                #expect(!Self.fullyModeled.contains(other.kind), "\(other.kind) at line \(statement.range.line) was not modeled")
            }
        }
        // The splitter agrees with the parser on statement boundaries.
        #expect(SQLScript.split(text).count == result.statements.count)
    }

    @Test("all 1,864 chado views parse fully")
    func chadoViews() throws {
        let result = Parser.parse(try Self.load("corpora/pg_schemas/chado.sql"))
        let views = result.statements.filter {
            if case .createView = $0.kind { return true }
            return false
        }
        #expect(views.count == 1_864)
        #expect(result.errors.isEmpty, "\(Self.report(result))")
    }

    @Test("every compiled dbt model parses", arguments: ["hubspot", "jaffle_shop"])
    func dbtModels(project: String) throws {
        let url = try SharedFixtures.url("corpora/dbt_manifests/\(project)_manifest.json")
        let data = try Data(contentsOf: url)
        let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let nodes = manifest?["nodes"] as? [String: Any] ?? [:]
        var models = 0
        for (id, value) in nodes.sorted(by: { $0.key < $1.key }) {
            guard let node = value as? [String: Any], node["resource_type"] as? String == "model",
                  let code = node["compiled_code"] as? String else { continue }
            models += 1
            let result = Parser.parse(code)
            #expect(result.errors.isEmpty, "\(id):\n\(Self.report(result, limit: 3))")
            #expect(result.statements.count == 1, "\(id) has \(result.statements.count) statements")
            if let first = result.statements.first, case .query = first.kind {} else {
                Issue.record("\(id) did not parse as a query")
            }
        }
        #expect(models >= (project == "hubspot" ? 125 : 5))
    }
}
