import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel impact` on a key column of a real schema that declares only some of its foreign keys:
/// discover with --infer, then impact lists the declared and inferred join dependencies.
@Suite(.postgres, .tags(.postgres)) struct ImpactJoinKeysTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// customers ← invoices.customer_id (not declared), customers ← orders.customer_id (declared).
    func discover() async throws -> URL {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE customers (id bigint PRIMARY KEY, email text)",
            "CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint, amount integer)",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id))",
            "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 20) g",
            "INSERT INTO invoices SELECT g, 1 + g % 20, g * 10 FROM generate_series(1, 50) g",
            "INSERT INTO orders SELECT g, 1 + g % 20 FROM generate_series(1, 10) g")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keel-impact-keys-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let result = try await KeelBinary.run(["discover", "--db", db.config.redactedURL, "--infer", "--out", "catalog.json"],
                                              workingDirectory: dir.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        return dir
    }

    @Test("a type change of customers.id: the declared and the inferred key that reference it, with confidence")
    func referencedKey() async throws {
        let dir = try await discover()
        defer { try? FileManager.default.removeItem(at: dir) }
        // No lineage.json, no keel.yaml: the graph comes from ./catalog.json alone.
        let result = try await KeelBinary.run(["impact", "public.customers.id", "--format", "json"], workingDirectory: dir.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let keys = try #require(try json(result.standardOutput)["joinKeys"] as? [[String: Any]])
        #expect(keys.compactMap { $0["column"] as? String } == ["public.orders.customer_id", "public.invoices.customer_id"])
        #expect(keys.compactMap { $0["source"] as? String } == ["declared", "inferred"])
        #expect(keys.allSatisfy { $0["role"] as? String == "referencedBy" })
        #expect(keys.first?["constraint"] as? String == "orders_customer_id_fkey")
        #expect(keys.last?["confidencePercent"] as? Int == 99)
        #expect((keys.last?["evidence"] as? [String])?.contains("all 50 sampled values found") == true)
        #expect((keys.last?["breaks"] as? [String])?.isEmpty == false)

        let text = try await KeelBinary.run(["impact", "public.customers.id"], workingDirectory: dir.path)
        #expect(text.exitCode == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("Join keys (2)"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("public.orders.customer_id → public.customers.id  bigint → bigint  declared (orders_customer_id_fkey)"))
        #expect(text.standardOutput.contains("public.invoices.customer_id → public.customers.id  bigint → bigint  inferred, confidence 0.99"))
    }

    @Test("invoices.customer_id: the key it references, inferred; --keys names the catalog")
    func referencingKey() async throws {
        let dir = try await discover()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.moveItem(at: dir.appendingPathComponent("catalog.json"), to: dir.appendingPathComponent("schema.json"))
        let result = try await KeelBinary.run(["impact", "public.invoices.customer_id", "--format", "json", "--keys", "schema.json"],
                                              workingDirectory: dir.path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let keys = try #require(try json(result.standardOutput)["joinKeys"] as? [[String: Any]])
        #expect(keys.count == 1)
        #expect(keys.first?["role"] as? String == "references")
        #expect(keys.first?["column"] as? String == "public.customers.id")
        #expect(keys.first?["targetColumn"] as? String == "public.invoices.customer_id")
        #expect(keys.first?["source"] as? String == "inferred")
    }

    @Test("bad input: an unknown column and a missing --keys catalog exit 2 with a clear error, and write nothing")
    func badInput() async throws {
        let dir = try await discover()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let unknown = try await KeelBinary.run(["impact", "public.customers.nope"], workingDirectory: dir.path)
        #expect(unknown.exitCode == 2)
        #expect(unknown.standardError.hasPrefix("error: public.customers has no column 'nope'"), "\(unknown.standardError)")
        #expect(unknown.standardError.contains("hint: its columns are: id, email"))
        let missing = try await KeelBinary.run(["impact", "public.customers.id", "--keys", "missing.json"], workingDirectory: dir.path)
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("missing.json"), "\(missing.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before)
    }
}
