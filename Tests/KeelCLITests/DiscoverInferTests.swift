import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel discover`'s domains, and `--infer`'s undeclared foreign keys checked on the data.
@Suite(.postgres, .tags(.postgres)) struct DiscoverInferTests {
    @Test("the summary lists domains; --infer lists undeclared keys with confidence and evidence")
    func infer() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE customers (id bigint PRIMARY KEY, email text)",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)",
            "CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id))",
            "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 10) g",
            "INSERT INTO orders SELECT g, 1 + g % 10 FROM generate_series(1, 30) g")
        let plain = try await KeelBinary.run(["discover", "--db", db.config.redactedURL])
        #expect(plain.exitCode == 0, "\(plain.standardError)")
        #expect(plain.standardOutput.contains("Domains"))
        #expect(!plain.standardOutput.contains("Inferred relationships"))
        let inferred = try await KeelBinary.run(["discover", "--db", db.config.redactedURL, "--infer"])
        #expect(inferred.exitCode == 0, "\(inferred.standardError)")
        #expect(inferred.standardOutput.contains("0.99  orders.customer_id → customers.id"), "\(inferred.standardOutput)")
        #expect(inferred.standardOutput.contains("all 30 sampled values found"))
        // The domain now holds customers too, linked through the inferred key.
        let domains = inferred.standardOutput.components(separatedBy: "Domains").last ?? ""
        #expect(domains.contains("public.customers"), "\(domains)")
    }

    @Test("--infer --out keeps the keys in catalog.json (inferredKeys); --infer --json prints them; the fingerprint does not change")
    func inferredKeysInTheCatalog() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE customers (id bigint PRIMARY KEY, email text)",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)",
            "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 10) g",
            "INSERT INTO orders SELECT g, 1 + g % 10 FROM generate_series(1, 30) g")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keel-infer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try await KeelBinary.run(["discover", "--db", db.config.redactedURL, "--out", "plain.json"], workingDirectory: dir.path)
        #expect(plain.exitCode == 0, "\(plain.standardError)")
        let inferred = try await KeelBinary.run(["discover", "--db", db.config.redactedURL, "--infer", "--out", "inferred.json"],
                                                workingDirectory: dir.path)
        #expect(inferred.exitCode == 0, "\(inferred.standardError)")
        let without = try Catalog.read(from: dir.appendingPathComponent("plain.json"))
        let with = try Catalog.read(from: dir.appendingPathComponent("inferred.json"))
        #expect(without.inferredKeys == nil)
        let key = try #require(with.inferredKeys?.first)
        #expect(with.inferredKeys?.count == 1)
        #expect(key.from.display == "public.orders.customer_id" && key.to.display == "public.customers.id")
        #expect(key.confidencePercent == 99)
        #expect(key.evidence.contains("all 30 sampled values found"))
        #expect(with.fingerprint == without.fingerprint)
        #expect(try with.computeFingerprint() == with.fingerprint)

        let json = try await KeelBinary.run(["discover", "--db", db.config.redactedURL, "--infer", "--json"])
        #expect(json.exitCode == 0, "\(json.standardError)")
        let printed = try Catalog.decode(Data(json.standardOutput.utf8), path: "stdout")
        #expect(printed.inferredKeys == with.inferredKeys)
        #expect(printed.fingerprint == without.fingerprint)
    }
}
