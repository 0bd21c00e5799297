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

    @Test("--infer with --json is a usage error")
    func inferWithJSON() async throws {
        let result = try await KeelBinary.run(["discover", "--infer", "--json"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("--infer adds to the summary"))
    }
}
