import Foundation
import KeelCore
import KeelSQL
import Testing

/// The lineage API around the fixtures: JSON shape, metadata sources, positions, hostile input.
@Suite("Column lineage API")
struct LineageAnalyzerTests {
    static let schema = SchemaMap(["public.s": ["a", "k"], "public.t": ["c", "d"]])

    @Test("the JSON has exactly the documented keys, with target null for a bare query")
    func jsonShape() throws {
        let report = LineageAnalyzer(schema: Self.schema).analyze("INSERT INTO t (c) SELECT a FROM s WHERE k > 0; SELECT 1")
        let data = try CanonicalJSON.encode(report)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Array(root.keys) == ["statements"])
        let statements = try #require(root["statements"] as? [[String: Any]])
        #expect(Set(statements[0].keys) == ["index", "kind", "target", "columns", "indirect", "diagnostics"])
        #expect(Set(statements[1].keys) == ["index", "kind", "target", "columns", "indirect", "diagnostics"])
        #expect(statements[1]["target"] is NSNull)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""subtype" : "IDENTITY""#) || text.contains(#""subtype": "IDENTITY""#))
        let decoded = try CanonicalJSON.decode(LineageReport.self, from: data)
        #expect(decoded == report)
    }

    @Test("diagnostics carry the line and column in the script")
    func positions() throws {
        let report = LineageAnalyzer(schema: Self.schema).analyze("SELECT a FROM s;\n\nSELECT c,\n  nope FROM t")
        let diagnostic = try #require(report.statements[1].diagnostics.first)
        #expect(diagnostic.code == "bind.unknown-column")
        #expect(diagnostic.line == 4)
        #expect(diagnostic.column == 3)
        #expect(report.statements[0].diagnostics.isEmpty)
        #expect(report.hasErrors)
    }

    @Test("a parse error in one statement leaves the others intact")
    func recovery() {
        let report = LineageAnalyzer(schema: Self.schema).analyze("SELECT a FROM s; SELECT FROM WHERE; INSERT INTO t (c) SELECT k FROM s")
        #expect(report.statements.map(\.kind) == ["select", "invalid", "insert"])
        #expect(report.statements[2].columns.first?.sources.first?.column == "k")
        #expect(!report.statements[0].hasErrors && report.statements[1].hasErrors && !report.statements[2].hasErrors)
    }

    @Test("an empty script has no statements; a script of only a broken comment reports it")
    func empty() {
        #expect(LineageAnalyzer().analyze("").statements.isEmpty)
        #expect(LineageAnalyzer().analyze("-- nothing\n").statements.isEmpty)
        let broken = LineageAnalyzer().analyze("/* never closed")
        #expect(broken.statements.count == 1)
        #expect(broken.hasErrors)
    }

    @Test("a catalog gives tables and views with their columns in position order, searched along the path")
    func catalog() throws {
        let column = { (name: String, position: Int) in Catalog.Column(name: try Identifier(name), position: position, type: "text") }
        let catalog = try Catalog(
            source: nil, schemas: [],
            tables: [Catalog.Table(schema: try Identifier("app"), name: try Identifier("Orders"), kind: .ordinary, persistence: .permanent,
                                   columns: [try column("total", 2), try column("id", 1)])],
            views: [Catalog.View(schema: try Identifier("public"), name: try Identifier("v"), materialized: true, definition: "",
                                 columns: [try column("x", 1)])],
            sequences: [], enums: [], domains: [], functions: [], extensions: [])
        let schema = CatalogSchema(catalog)
        #expect(schema.lookup(TableIdentity(schema: "app", name: "Orders"), searchPath: [])?.columns == ["id", "total"])
        #expect(schema.lookup(TableIdentity(schema: nil, name: "Orders"), searchPath: ["public", "app"])?.identity.schema == "app")
        #expect(schema.lookup(TableIdentity(schema: nil, name: "orders"), searchPath: ["app"]) == nil)
        #expect(schema.lookup(TableIdentity(schema: nil, name: "v"), searchPath: ["public"])?.columns == ["x"])
        let report = LineageAnalyzer(schema: schema, searchPath: ["app"]).analyze(#"SELECT * FROM "Orders""#)
        #expect(report.statements[0].columns.map(\.name) == ["id", "total"])
        #expect(report.statements[0].columns[0].sources.first?.table == #"app."Orders""#)
    }

    @Test("schema maps decode from JSON and reject other shapes with a stable code", arguments: [
        #"["public.t"]"#, #"{"public.t": "a"}"#, #"{"public.t": [1]}"#, #"{"": ["a"]}"#, #"{"public.": ["a"]}"#, "{", #"{"t": [""]}"#,
    ])
    func schemaMapErrors(json: String) {
        #expect(throws: SchemaMapError.self) { try SchemaMap.decode(Data(json.utf8), path: "map.json") }
        do {
            _ = try SchemaMap.decode(Data(json.utf8), path: "map.json")
        } catch {
            #expect(error.code == "sql.malformed-schema-map")
            #expect(error.exitStatus == .failure)
            #expect(error.hint != nil)
        }
    }

    @Test("a valid schema map keeps column order")
    func schemaMap() throws {
        let map = try SchemaMap.decode(Data(#"{"public.t": ["z", "a"], "loose": ["q"]}"#.utf8), path: "map.json")
        #expect(map.lookup(TableIdentity(schema: nil, name: "t"), searchPath: ["public"])?.columns == ["z", "a"])
        #expect(map.lookup(TableIdentity(schema: nil, name: "loose"), searchPath: ["public"])?.columns == ["q"])
    }

    @Test("the script schema sees created tables first and forgets dropped ones")
    func scriptSchema() {
        var script = ScriptSchema(base: Self.schema)
        #expect(script.lookup(TableIdentity(schema: nil, name: "s"), searchPath: ["public"])?.columns == ["a", "k"])
        script.create(TableIdentity(schema: "public", name: "s"), columns: ["new"])
        #expect(script.lookup(TableIdentity(schema: nil, name: "s"), searchPath: ["public"])?.columns == ["new"])
        script.drop(TableIdentity(schema: "public", name: "s"))
        #expect(script.lookup(TableIdentity(schema: nil, name: "s"), searchPath: ["public"]) == nil)
        #expect(script.lookup(TableIdentity(schema: "public", name: "s"), searchPath: []) == nil)
        script.create(TableIdentity(schema: ScriptSchema.temporarySchema, name: "t"), columns: ["tmp"])
        #expect(script.lookup(TableIdentity(schema: nil, name: "t"), searchPath: ["public"])?.columns == ["tmp"])
        #expect(script.lookup(TableIdentity(schema: "public", name: "t"), searchPath: ["public"])?.columns == ["c", "d"])
    }

    static var hostileInputs: [String] {
        var inputs: [String] = []
        inputs.append("SELECT " + String(repeating: "(", count: 600) + "a" + String(repeating: ")", count: 600) + " FROM s")
        inputs.append("SELECT " + String(repeating: "(SELECT ", count: 300) + "a FROM s" + String(repeating: ")", count: 300))
        let sum: [String] = Array(repeating: "a", count: 3_000)
        inputs.append("SELECT " + sum.joined(separator: " + ") + " FROM s")
        let ors: [String] = (0..<3_000).map { (index: Int) -> String in "k = \(index)" }
        inputs.append("SELECT a FROM s WHERE " + ors.joined(separator: " OR "))
        let joins: [String] = (1..<800).map { (index: Int) -> String in " JOIN s s\(index) ON s\(index).k = s.k" }
        inputs.append("SELECT * FROM s" + joins.joined())
        let unions: [String] = Array(repeating: "SELECT a FROM s", count: 800)
        inputs.append(unions.joined(separator: " UNION ALL "))
        inputs.append(cteChain(300))
        inputs.append("SELECT " + String(repeating: "CASE WHEN k > 0 THEN ", count: 300) + "a" + String(repeating: " END", count: 300) + " FROM s")
        return inputs
    }

    @Test("hostile nesting and long chains give lineage or a diagnostic, never a crash", arguments: hostileInputs)
    func hostile(sql: String) {
        let report = LineageAnalyzer(schema: Self.schema).analyze(sql)
        #expect(report.statements.count == 1)
    }

    static func cteChain(_ count: Int) -> String {
        var parts: [String] = []
        for index in 0..<count {
            let source = index == 0 ? "s" : "c\(index - 1)"
            parts.append("c\(index) AS (SELECT a FROM \(source))")
        }
        return "WITH " + parts.joined(separator: ", ") + " SELECT a FROM c\(count - 1)"
    }

    @Test("lineage is deterministic: the same script gives the same bytes")
    func deterministic() throws {
        let sql = "SELECT s.a, t.c, sum(s.k) OVER (PARTITION BY t.d) AS w FROM s JOIN t ON s.a = t.c WHERE s.k > 0 AND t.d < 1"
        let first = try CanonicalJSON.encode(LineageAnalyzer(schema: Self.schema).analyze(sql))
        for _ in 0..<5 { #expect(try CanonicalJSON.encode(LineageAnalyzer(schema: Self.schema).analyze(sql)) == first) }
    }
}
