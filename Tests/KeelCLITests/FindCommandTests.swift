import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel find`: text and JSON answers on the billing scenario, --batch, bad input (exit 2), and
/// --db against a real PostgreSQL.
@Suite struct FindCommandTests {
    static var catalog: String { BillingFiles.directory + "/catalog.json" }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keel-find-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func helpHasExamples() async throws {
        let result = try await KeelBinary.run(["find", "--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Examples:"))
        #expect(result.standardOutput.contains("--catalog"))
    }

    @Test("text: ranked hits with their reasons and columns")
    func text() async throws {
        let result = try await KeelBinary.run(["find", "which table holds staff logins?", "--catalog", Self.catalog])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("1. public.users  "), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("comment: comment ~ staff, login"))
        #expect(result.standardOutput.contains("searched 9 relation(s)"))
    }

    @Test("--json: hits with rank, kind, score, reasons and columns; --top limits them")
    func json() async throws {
        let result = try await KeelBinary.run(["find", "add discounts to invoices", "--catalog", Self.catalog, "--json", "--top", "3"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let answer = try json(result.standardOutput)
        let hits = try #require(answer["hits"] as? [[String: Any]])
        #expect(hits.count == 3)
        #expect(hits.first?["relation"] as? String == "public.invoices")
        #expect(hits.first?["kind"] as? String == "table")
        #expect((hits.first?["reasons"] as? [[String: Any]])?.isEmpty == false)
        #expect(answer["unmatched"] as? [String] == ["discounts"])
    }

    @Test("--batch: one JSON line per request, errors inline; --timings on standard error")
    func batch() async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("customers\n# a comment\n\nthe\nsales reps\n".utf8).write(to: dir.appendingPathComponent("requests.txt"))
        let result = try await KeelBinary.run(["find", "--batch", "requests.txt", "--catalog", Self.catalog, "--json", "--timings"],
                                              workingDirectory: dir.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(((try json(lines[0])["hits"] as? [[String: Any]])?.first?["relation"] as? String) == "public.customers")
        #expect(lines[1].contains("find.empty-request"))
        #expect(((try json(lines[2])["hits"] as? [[String: Any]])?.first?["relation"] as? String) == "public.sales_reps")
        #expect(result.standardError.contains("query_p99_ms:"))
    }

    @Test("./catalog.json is used when no source is given")
    func defaultCatalog() async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: Self.catalog, toPath: dir.appendingPathComponent("catalog.json").path)
        let result = try await KeelBinary.run(["find", "paying customers"], workingDirectory: dir.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("1. public.customers"))
    }

    @Test("bad input exits 2 with one error line and a hint", arguments: [
        (["find", "customers"], "error: no catalog to search"),
        (["find", "customers", "--catalog", "missing.json"], "/missing.json: "),
        (["find", "customers", "--catalog", "bad.json"], "/bad.json is not a valid catalog artifact"),
        (["find", "", "--catalog", "missing.json"], "error: the request is empty"),
        (["find", "which table?", "--catalog", "missing.json"], "error: the request \"which table?\" has no word to search for"),
        (["find"], "give a request"),
        (["find", "customers", "--top", "0"], "--top must be between 1 and 1000"),
        (["find", "customers", "--catalog", "c.json", "--db", "postgres://x@localhost/db"], "use either --catalog or --db"),
        (["find", "--batch", "nope.txt", "--catalog", "bad.json"], "error: cannot read the requests in nope.txt"),
    ])
    func badInput(_ arguments: [String], _ message: String) async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("{\"formatVersion\": 1, \"kind\": \"catalog\"}".utf8).write(to: dir.appendingPathComponent("bad.json"))
        let result = try await KeelBinary.run(arguments, workingDirectory: dir.path)
        #expect(result.exitCode == 2, "\(arguments): \(result.standardOutput)")
        #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        #expect(result.standardError.hasPrefix("error: ") || result.standardError.contains("Usage:"), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        // Nothing is written next to the inputs.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.json"])
    }

    @Test("the stored index: built in .keel/find on the first call, reused after, rebuilt when the catalog changes; same answers with --no-index")
    func storedIndex() async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: Self.catalog, toPath: dir.appendingPathComponent("catalog.json").path)
        try Data("which table holds staff logins?\npaying customers\nadd discounts to invoices\n".utf8)
            .write(to: dir.appendingPathComponent("requests.txt"))
        func run(_ extra: [String] = []) async throws -> (answers: String, index: String) {
            let result = try await KeelBinary.run(["find", "--batch", "requests.txt", "--json", "--timings"] + extra, workingDirectory: dir.path)
            #expect(result.exitCode == 0, "\(result.standardError)")
            let line = result.standardError.split(separator: "\n").first { $0.hasPrefix("stored_index: ") } ?? ""
            return (result.standardOutput, String(line.dropFirst("stored_index: ".count)))
        }
        let first = try await run()
        #expect(first.index == "built")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".keel/find").path)
        #expect(files.count == 1 && files.first?.hasPrefix("catalog-") == true && files.first?.hasSuffix(".index") == true, "\(files)")
        let second = try await run()
        #expect(second.index == "reused")
        #expect(second.answers == first.answers)
        let plain = try await run(["--no-index"])
        #expect(plain.index == "none")
        #expect(plain.answers == first.answers)

        let catalog = dir.appendingPathComponent("catalog.json")
        let text = try String(contentsOf: catalog, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Sales team members", with: "Staff logins today").utf8).write(to: catalog)
        let changed = try await run()
        #expect(changed.index == "rebuilt: the catalog changed")
        #expect(changed.answers != first.answers)
        #expect(try await run(["--no-index"]).answers == changed.answers)

        try Data("not an index".utf8).write(to: dir.appendingPathComponent(".keel/find/" + (files.first ?? "")))
        let repaired = try await run()
        #expect(repaired.index.hasPrefix("rebuilt: the stored index is damaged"), "\(repaired.index)")
        #expect(repaired.answers == changed.answers)
    }

    @Test("--db discovers the catalog first", .postgres, .tags(.postgres))
    func database() async throws {
        let db = try #require(TestDatabase.current)
        try await db.psql(["-f", BillingFiles.directory + "/schema.sql"])
        let result = try await KeelBinary.run(["find", "who are the paying customers?", "--db", db.config.redactedURL, "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let hits = try #require(try json(result.standardOutput)["hits"] as? [[String: Any]])
        #expect(hits.first?["relation"] as? String == "public.customers")
    }
}
