import KeelCore
import KeelPlan
import Testing

/// Table facts from discovery choose the path: empty and small tables take the simple one.
@Suite("Table size thresholds")
struct TableSizeTests {
    static func catalog(rows: Int64, bytes: Int64) throws -> Catalog {
        var catalog = try PlanFixtures.billingCatalog()
        let index = try #require(catalog.tables.firstIndex { $0.name.name == "invoices" })
        catalog.tables[index].stats?.rowEstimate = rows
        catalog.tables[index].stats?.tableBytes = bytes
        return catalog
    }

    @Test("an empty table changes type in place, with USING up")
    func emptyTable() throws {
        let plan = try Planner(catalog: try Self.catalog(rows: 0, bytes: 0)).plan(try PlanFixtures.billingSpec())
        let expand = try #require(plan.phase(.expand)?.steps)
        #expect(expand.count == 2)
        #expect(expand[1].statements.last?.text == #"ALTER TABLE "public"."invoices" ALTER COLUMN "amount" TYPE numeric(12, 2) USING amount::numeric(12, 2)"#)
        #expect(expand[1].rollback?.last?.text.contains("TYPE integer USING round(amount)::integer") == true)
        #expect(plan.phase(.backfill)?.steps.isEmpty == true)
    }

    @Test("below --simple-below the simple path is taken; above it, expand/contract")
    func threshold() throws {
        let small = try Self.catalog(rows: 500, bytes: 64 * 1024)
        let simple = try Planner(catalog: small, options: PlannerOptions(simplePathMaximumBytes: 1 << 20)).plan(try PlanFixtures.billingSpec())
        #expect(simple.phase(.backfill)?.steps.isEmpty == true)
        let safe = try Planner(catalog: small).plan(try PlanFixtures.billingSpec())
        #expect(safe.phase(.backfill)?.steps.count == 1)
        let large = try Self.catalog(rows: 5_000_000, bytes: 2 << 30)
        let big = try Planner(catalog: large, options: PlannerOptions(simplePathMaximumBytes: 1 << 20)).plan(try PlanFixtures.billingSpec())
        #expect(big.phase(.backfill)?.steps.count == 1)
        // The estimate grows with the table.
        #expect((big.phase(.backfill)?.steps.first?.estimate.milliseconds ?? 0) > 60_000)
    }
}
