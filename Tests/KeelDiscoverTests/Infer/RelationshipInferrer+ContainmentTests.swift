import Foundation
import KeelCore
import KeelDiscover
import KeelPostgres
import KeelTestSupport
import Testing

/// Value containment on a sample, against a real PostgreSQL: contained keys gain, keys whose
/// values are not there are dropped, and nothing is written.
@Suite(.postgres, .tags(.postgres)) struct RelationshipInferrerContainmentTests {
    @Test("a contained key gains, a key with foreign values is dropped, the database is unchanged")
    func containment() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE customers (id bigint PRIMARY KEY, email text)",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)",
            "CREATE TABLE plans (id bigint PRIMARY KEY)",
            "CREATE TABLE notes (id bigint PRIMARY KEY, plan_id bigint)",
            "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 50) g",
            "INSERT INTO orders SELECT g, 1 + g % 50 FROM generate_series(1, 200) g",
            "INSERT INTO plans VALUES (1), (2)",
            "INSERT INTO notes SELECT g, 100 + g FROM generate_series(1, 20) g")
        let catalog = try await Discoverer().discover(db.config)
        let inferrer = RelationshipInferrer()
        let named = inferrer.infer(catalog)
        #expect(named.map(\.display) == ["notes.plan_id → plans.id", "orders.customer_id → customers.id"])
        let checked = try await inferrer.check(named, in: db.config)
        #expect(checked.map(\.display) == ["orders.customer_id → customers.id"])
        let orders = try #require(checked.first)
        #expect(orders.confidence == 0.99)
        #expect(orders.evidence.last == "all 200 sampled values found")
        #expect(try await Discoverer().discover(db.config).fingerprint == catalog.fingerprint)
    }

    @Test("no relationship, no query")
    func nothing() async throws {
        let db = try #require(TestDatabase.current)
        #expect(try await RelationshipInferrer().check([], in: db.config).isEmpty)
    }
}
