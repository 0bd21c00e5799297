import Foundation
import KeelCore
import KeelPlan
import KeelPostgres
import KeelTestSupport
import PostgresNIO
import Testing

/// The billing plan on real PostgreSQL with the scenario's data: values survive, writers of the
/// old and the new shape stay in step, and rolling back restores the catalog exactly.
@Suite("Billing plan on PostgreSQL", .postgres)
struct BillingPlanExecutionTests {
    static func int(_ session: Session, _ sql: SQL) async throws -> Int64 {
        try await session.one(sql) { try $0.decode(Int64.self) }
    }

    static func text(_ session: Session, _ sql: SQL) async throws -> String {
        try await session.one(sql) { try $0.decode(String.self) }
    }

    @Test("expand, backfill and dual write keep every value; both writer shapes stay in step; rollback restores the fingerprint")
    func forwardAndBack() async throws {
        let database = try #require(TestDatabase.current)
        try await PlanFixtures.loadBilling(database)
        let before = try await PlanFixtures.discover(database)
        let plan = try Planner(catalog: before).plan(try PlanFixtures.billingSpec())
        let steps = [MigrationPlan.PhaseKind.expand, .backfill, .dualWrite].flatMap { plan.phase($0)?.steps ?? [] }

        try await Session.with(database.config) { session in
            let runner = PlanRunner(session: session)
            try await runner.run(steps)
            #expect(try await Self.int(session, "SELECT count(*) FROM invoices") == 2000)
            #expect(try await Self.int(session, "SELECT count(*) FROM invoices WHERE amount_decimal IS DISTINCT FROM amount::numeric(12,2)") == 0)
            #expect(try await Self.int(session, "SELECT count(*) FROM invoices WHERE discount_amount <> 0") == 0)
            let remaining = try #require(plan.phase(.backfill)?.steps.first?.backfill?.remaining)
            #expect(try await Self.int(session, remaining) == 0)

            // An old writer sets amount only; a new writer sets amount_decimal only.
            let customer = try await Self.int(session, "SELECT min(id) FROM customers")
            let old = try await Self.text(session, """
                INSERT INTO invoices (customer_id, amount, currency, status, issued_at)
                VALUES (\(literal: Int(customer)), 1234, 'USD', 'open', now()) RETURNING amount_decimal::text
                """)
            #expect(old == "1234.00")
            let new = try await Self.text(session, """
                INSERT INTO invoices (customer_id, amount_decimal, currency, status, issued_at)
                VALUES (\(literal: Int(customer)), 99.60, 'USD', 'open', now()) RETURNING amount::text
                """)
            #expect(new == "100")
            let id = try await Self.int(session, "SELECT max(id) FROM invoices")
            #expect(try await Self.text(session, "UPDATE invoices SET amount = 7 WHERE id = \(literal: Int(id)) RETURNING amount_decimal::text") == "7.00")
            #expect(try await Self.text(session, "UPDATE invoices SET amount_decimal = 8.40 WHERE id = \(literal: Int(id)) RETURNING amount::text") == "8")
            // NOT NULL is enforced on the new column.
            await #expect(throws: (any Error).self) {
                try await session.execute("UPDATE invoices SET amount_decimal = NULL, amount = NULL WHERE id = \(literal: Int(id))")
            }
            try await session.execute("DELETE FROM invoices WHERE id >= \(literal: Int(id - 1))")
            try await runner.rollback(steps)
        }
        let after = try await PlanFixtures.discover(database)
        #expect(after.fingerprint == before.fingerprint)
    }

    @Test("through the contract: the old column is gone, the new one is NOT NULL and the trigger is dropped")
    func throughContract() async throws {
        let database = try #require(TestDatabase.current)
        try await PlanFixtures.loadBilling(database)
        let before = try await PlanFixtures.discover(database)
        let plan = try Planner(catalog: before).plan(try PlanFixtures.billingSpec())
        try await Session.with(database.config) { session in
            // Rollout would wait for the gate; the test has no consumers to move.
            try await PlanRunner(session: session).run(plan.steps)
        }
        let after = try await PlanFixtures.discover(database)
        let invoices = try #require(after.table(try QualifiedName(schema: "public", name: "invoices")))
        #expect(invoices.column(named: "amount") == nil)
        let replacement = try #require(invoices.column(named: "amount_decimal"))
        #expect(replacement.type == "numeric(12,2)" && !replacement.nullable)
        #expect(invoices.triggers.isEmpty)
        #expect(!after.functions.contains { $0.name.name.hasPrefix("keel_") })
        #expect(invoices.constraints.allSatisfy { !$0.name.name.hasSuffix("_not_null") })
    }
}
