import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel lineage sql`: JSON shape, human output, standard input, metadata files and exit statuses.
@Suite struct LineageSqlCommandTests {
    /// A scratch directory with the given files.
    static func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keel-lineage-sql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, content) in files {
            try Data(content.utf8).write(to: url.appendingPathComponent(name))
        }
        return url
    }

    static let map = #"{"public.s": ["a", "k"], "public.t": ["c", "d"]}"#

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func helpHasExamples() async throws {
        let result = try await KeelBinary.run(["lineage", "sql", "--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Examples:"))
        #expect(try await KeelBinary.run(["lineage", "--help"]).standardOutput.contains("Examples:"))
    }

    @Test func printsTheDocumentedJSON() async throws {
        let dir = try Self.directory(["q.sql": "INSERT INTO t (c) SELECT a FROM s WHERE k > 0;\nSELECT 1 AS one;", "map.json": Self.map])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lineage", "sql", dir.appendingPathComponent("q.sql").path,
                                               "--schema-map", dir.appendingPathComponent("map.json").path, "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let root = try json(result.standardOutput)
        let statements = try #require(root["statements"] as? [[String: Any]])
        #expect(statements.count == 2)
        let insert = statements[0]
        #expect(insert["index"] as? Int == 0)
        #expect(insert["kind"] as? String == "insert")
        #expect(insert["target"] as? String == "public.t")
        let columns = try #require(insert["columns"] as? [[String: Any]])
        #expect(columns.first?["name"] as? String == "c")
        let sources = try #require(columns.first?["sources"] as? [[String: String]])
        #expect(sources == [["table": "public.s", "column": "a", "type": "DIRECT", "subtype": "IDENTITY"]])
        #expect(insert["indirect"] as? [[String: String]] == [["table": "public.s", "column": "k", "subtype": "FILTER"]])
        #expect((insert["diagnostics"] as? [Any])?.isEmpty == true)
        let select = statements[1]
        #expect(select["kind"] as? String == "select")
        #expect(select["target"] is NSNull)
    }

    @Test func humanOutputNamesTargetsAndSources() async throws {
        let dir = try Self.directory(["q.sql": "INSERT INTO t (c) SELECT a FROM s WHERE k > 0"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lineage", "sql", dir.appendingPathComponent("q.sql").path])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("[0] insert → public.t"))
        #expect(result.standardOutput.contains("c ← public.s.a (DIRECT IDENTITY)"))
        #expect(result.standardOutput.contains("indirect: public.s.k (FILTER)"))
    }

    @Test func readsStandardInput() async throws {
        let dir = try Self.directory(["q.sql": "SELECT a AS x FROM s"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let command = "'\(KeelBinary.path)' lineage sql - --json < '\(dir.appendingPathComponent("q.sql").path)'"
        let result = try await ProgramRunner.run("/bin/sh", ["-c", command])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let statements = try #require(try json(result.standardOutput)["statements"] as? [[String: Any]])
        let columns = try #require(statements.first?["columns"] as? [[String: Any]])
        #expect(columns.first?["name"] as? String == "x")
    }

    @Test func defaultSchemaQualifiesUnqualifiedNames() async throws {
        let dir = try Self.directory(["q.sql": "INSERT INTO t (c) SELECT a FROM s"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lineage", "sql", dir.appendingPathComponent("q.sql").path, "--default-schema", "mart", "--json"])
        #expect(result.exitCode == 0)
        let statements = try #require(try json(result.standardOutput)["statements"] as? [[String: Any]])
        #expect(statements.first?["target"] as? String == "mart.t")
    }

    @Test func readsACatalog() async throws {
        let catalog = try Catalog(
            source: nil, schemas: [Catalog.Schema(name: try Identifier("public"))],
            tables: [Catalog.Table(schema: try Identifier("public"), name: try Identifier("s"), kind: .ordinary, persistence: .permanent,
                                   columns: [Catalog.Column(name: try Identifier("b"), position: 2, type: "text"),
                                             Catalog.Column(name: try Identifier("a"), position: 1, type: "integer")])],
            views: [Catalog.View(schema: try Identifier("public"), name: try Identifier("v"), materialized: false, definition: "SELECT 1",
                                 columns: [Catalog.Column(name: try Identifier("x"), position: 1, type: "integer")])],
            sequences: [], enums: [], domains: [], functions: [], extensions: [])
        let dir = try Self.directory(["q.sql": "SELECT * FROM s, v"])
        defer { try? FileManager.default.removeItem(at: dir) }
        try catalog.write(to: dir.appendingPathComponent("catalog.json"))
        let result = try await KeelBinary.run(["lineage", "sql", dir.appendingPathComponent("q.sql").path,
                                               "--catalog", dir.appendingPathComponent("catalog.json").path, "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let statements = try #require(try json(result.standardOutput)["statements"] as? [[String: Any]])
        // Columns come in catalog order (by position), views included.
        let columns = try #require(statements.first?["columns"] as? [[String: Any]])
        #expect(columns.compactMap { $0["name"] as? String } == ["a", "b", "x"])
        let sources = columns.compactMap { ($0["sources"] as? [[String: String]])?.first?["table"] }
        #expect(sources == ["public.s", "public.s", "public.v"])
    }

    @Test func syntaxErrorsAreFindingsWithAPosition() async throws {
        let dir = try Self.directory(["q.sql": "SELECT 1;\nSELECT a, FROM s;\nSELECT b FROM s"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lineage", "sql", dir.appendingPathComponent("q.sql").path, "--json"])
        #expect(result.exitCode == 1)
        let statements = try #require(try json(result.standardOutput)["statements"] as? [[String: Any]])
        #expect(statements.count == 3)
        let diagnostic = try #require((statements[1]["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["code"] as? String == "sql.syntax")
        #expect(diagnostic["line"] as? Int == 2)
        #expect(diagnostic["column"] as? Int == 11)
        #expect(diagnostic["severity"] as? String == "error")
        // The statements around it keep their lineage.
        #expect((statements[2]["columns"] as? [[String: Any]])?.first?["name"] as? String == "b")
    }

    @Test func usageAndInputErrorsExitTwo() async throws {
        let dir = try Self.directory(["q.sql": "SELECT 1", "bad.json": #"{"public.s": "a"}"#, "notjson.json": "{", "map.json": Self.map])
        defer { try? FileManager.default.removeItem(at: dir) }
        let sql = dir.appendingPathComponent("q.sql").path
        let missing = try await KeelBinary.run(["lineage", "sql", dir.appendingPathComponent("nope.sql").path])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.hasPrefix("error: cannot read"))
        let badMap = try await KeelBinary.run(["lineage", "sql", sql, "--schema-map", dir.appendingPathComponent("bad.json").path])
        #expect(badMap.exitCode == 2)
        #expect(badMap.standardError.contains("is not a schema map"))
        #expect(try await KeelBinary.run(["lineage", "sql", sql, "--schema-map", dir.appendingPathComponent("notjson.json").path]).exitCode == 2)
        #expect(try await KeelBinary.run(["lineage", "sql", sql, "--schema-map", dir.appendingPathComponent("absent.json").path]).exitCode == 2)
        let badCatalog = try await KeelBinary.run(["lineage", "sql", sql, "--catalog", dir.appendingPathComponent("map.json").path])
        #expect(badCatalog.exitCode == 2)
        let both = try await KeelBinary.run(["lineage", "sql", sql, "--catalog", "x", "--schema-map", "y"])
        #expect(both.exitCode == 2)
        #expect(try await KeelBinary.run(["lineage", "sql", "--no-such-flag"]).exitCode == 2)
        #expect(try await KeelBinary.run(["lineage", "sql", sql, "--default-schema", ","]).exitCode == 2)
    }

    /// PostgreSQL as the oracle: for every view of the Chado, pagila and Danbooru dumps, the columns Keel's lineage names
    /// (DIRECT and INDIRECT together) are exactly the column dependencies PostgreSQL recorded in
    /// pg_depend for the view's rewrite rule (`keel discover` reads them into catalog.json).
    @Test(.timeLimit(.minutes(10)), arguments: [
        ("corpora/pg_schemas/chado.sql", 1_800), ("corpora/pg_sample_data/pagila.sql", 7), ("corpora/pg_schemas/danbooru.sql", 2),
    ])
    func viewLineageMatchesPostgresDependencies(dumpPath: String, minimumViews: Int) async throws {
        let dump = try SharedFixtures.url(dumpPath).path
        let dir = try Self.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalogPath = dir.appendingPathComponent("catalog.json").path
        // Chado calls functions a stock server lacks (create_point); those few statements are skipped.
        let discovered = try await KeelBinary.run(["discover", "--dump", dump, "--allow-errors", "--out", catalogPath])
        #expect(discovered.exitCode == 0, "\(discovered.standardError.suffix(2000))")
        let catalog = try Catalog.read(from: URL(fileURLWithPath: catalogPath))
        #expect(catalog.views.count >= minimumViews)
        let script = catalog.views.map { "CREATE VIEW \($0.qualifiedName.quoted) AS \($0.definition.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: ";")))" }
        try Data((script.joined(separator: ";\n") + ";\n").utf8).write(to: dir.appendingPathComponent("views.sql"))
        let result = try await KeelBinary.run(["lineage", "sql", dir.appendingPathComponent("views.sql").path, "--catalog", catalogPath, "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let statements = try #require(try json(result.standardOutput)["statements"] as? [[String: Any]])
        try #require(statements.count == catalog.views.count)
        var differences: [String] = []
        for (view, statement) in zip(catalog.views, statements) {
            let expected = Set(view.dependencies.map { "\($0.schema.display).\($0.table.display).\($0.column.name)" })
            var found = Set<String>()
            for column in statement["columns"] as? [[String: Any]] ?? [] {
                for source in column["sources"] as? [[String: String]] ?? [] { found.insert("\(source["table"] ?? "").\(source["column"] ?? "")") }
            }
            for use in statement["indirect"] as? [[String: String]] ?? [] { found.insert("\(use["table"] ?? "").\(use["column"] ?? "")") }
            if found != expected {
                differences.append("\(view.qualifiedName.display): missing \(expected.subtracting(found).sorted().prefix(5)), extra \(found.subtracting(expected).sorted().prefix(5))")
            }
        }
        #expect(differences.isEmpty, "\(differences.count) of \(catalog.views.count) views differ:\n\(differences.prefix(10).joined(separator: "\n"))")
    }
}
