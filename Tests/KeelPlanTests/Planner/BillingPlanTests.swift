import Foundation
import KeelCore
import KeelPlan
import Testing

/// The billing change of ../shared/docs/billing-scenario.md, planned from the scenario's
/// catalog and lineage: the five steps of the seed, and the three consumer patches.
@Suite("Billing plan")
struct BillingPlanTests {
    static func plan() throws -> MigrationPlan {
        let lineage = try PlanFixtures.billingLineage()
        return try Planner(catalog: try PlanFixtures.billingCatalog(), lineage: lineage)
            .plan(try PlanFixtures.billingSpec(), consumers: PlanFixtures.billingSources(lineage))
    }

    @Test("phases in order, with the seed's steps")
    func shape() throws {
        let plan = try Self.plan()
        #expect(plan.phases.map(\.kind) == [.expand, .backfill, .dualWrite, .migrateConsumers, .contract])
        let expand = try #require(plan.phase(.expand)).steps
        #expect(expand.count == 5)
        // discount_amount: non-volatile default, so no rewrite; NOT NULL is fine with it.
        #expect(expand[0].statements.last?.text == #"ALTER TABLE "public"."invoices" ADD COLUMN "discount_amount" numeric(12, 2) DEFAULT 0 NOT NULL"#)
        #expect(expand[0].lock == .accessExclusive && expand[0].rewrite == TableRewrite.none)
        // amount_decimal: nullable, no rewrite.
        #expect(expand[1].statements.last?.text == #"ALTER TABLE "public"."invoices" ADD COLUMN "amount_decimal" numeric(12, 2)"#)
        #expect(expand[1].rewrite == TableRewrite.none)
        // Dual-write trigger, with up and down over NEW.
        #expect(expand[2].lock == .shareRowExclusive)
        let trigger = expand[2].statements.map(\.text).joined(separator: "\n")
        #expect(trigger.contains(#"NEW."amount_decimal" := new."amount"::numeric(12, 2);"#))
        #expect(trigger.contains(#"NEW."amount" := round(new."amount_decimal")::integer;"#))
        #expect(trigger.contains("BEFORE INSERT OR UPDATE"))
        // Versioned views last, once every column exists: the old shape as v1, the new as v2.
        #expect(expand[3].statements.last?.text.hasPrefix(#"CREATE OR REPLACE VIEW "public_v1"."invoices""#) == true)
        #expect(expand[4].statements.last?.text.hasPrefix(#"CREATE OR REPLACE VIEW "public_v2"."invoices""#) == true)

        let backfill = try #require(plan.phase(.backfill)?.steps.first?.backfill)
        #expect(backfill.key.name == "id" && backfill.batchSize == 1000)
        #expect(backfill.batch.text.contains(#"SET "amount_decimal" = keel_row."amount"::numeric(12, 2)"#))

        // NOT NULL through CHECK NOT VALID → VALIDATE → SET NOT NULL.
        let dual = try #require(plan.phase(.dualWrite)).steps
        #expect(dual.map(\.lock) == [.accessExclusive, .shareUpdateExclusive, .accessExclusive])
        #expect(dual[0].statements.last?.text.hasSuffix("CHECK (\"amount_decimal\" IS NOT NULL) NOT VALID") == true)
        #expect(dual[1].statements.last?.text.contains("VALIDATE CONSTRAINT") == true)
        #expect(dual[1].rewrite == .scan)
        #expect(dual[2].statements.contains { $0.text.hasSuffix(#"ALTER COLUMN "amount_decimal" SET NOT NULL"#) })

        // Contract: gated on lineage, irreversible.
        let contract = try #require(plan.phase(.contract)).steps
        #expect(contract.last?.statements.last?.text == #"ALTER TABLE "public"."invoices" DROP COLUMN "amount""#)
        // The old version's view goes first, in the same table group: it reads amount.
        #expect(contract.count == 2 && contract[0].statements.contains { $0.text == #"DROP VIEW IF EXISTS "public_v1"."invoices""# })
        #expect(contract.allSatisfy { $0.rollback == nil })
        #expect(contract.last?.gate == MigrationPlan.Gate(
            noConsumersOf: ["public.invoices.amount"],
            consumersAtPlanTime: ["airflow:nightly_billing.snapshot_revenue", "api:GET /invoices/{id}", "dbt:model.billing_dbt.stg_invoices"]))
    }

    @Test("every step before the contract has a rollback, and every DDL step sets its timeouts")
    func rollbacksAndTimeouts() throws {
        let plan = try Self.plan()
        for phase in plan.phases where phase.kind != .contract {
            for step in phase.steps { #expect(step.rollback != nil, "\(step.id)") }
        }
        for step in plan.steps where !step.statements.isEmpty {
            let scope = step.transactional ? "SET LOCAL" : "SET"
            #expect(step.statements[0].text == "\(scope) lock_timeout = '2000ms'", "\(step.id)")
            #expect(step.statements[1].text.hasPrefix("\(scope) statement_timeout = "), "\(step.id)")
        }
    }

    @Test("patches: amount → amount_decimal in stg_invoices, snapshot_revenue and the API query")
    func patches() throws {
        let plan = try Self.plan()
        #expect(plan.consumerPatches.map(\.file) == ["dags/nightly_billing.py", "dbt/billing_dbt/models/staging/stg_invoices.sql", "keel.yaml"])
        let byFile = Dictionary(uniqueKeysWithValues: plan.consumerPatches.map { ($0.file, $0.diff) })
        #expect(byFile["dbt/billing_dbt/models/staging/stg_invoices.sql"]?.contains("-    amount,\n+    amount_decimal as amount,\n") == true)
        #expect(byFile["dags/nightly_billing.py"]?.contains("+            SELECT current_date, sum(amount_decimal) FROM invoices WHERE status = 'paid'\n") == true)
        #expect(byFile["keel.yaml"]?.contains("+        sql: SELECT id, amount_decimal AS amount, currency, status FROM invoices WHERE id = $1\n") == true)
        // Nothing else changes: mark_overdue and the other queries do not read amount.
        for diff in byFile.values {
            #expect(diff.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count == 1, "\(diff)")
        }
        // Three patch checkpoints, then the cutover to public_v2.
        #expect(plan.phase(.migrateConsumers)?.steps.count == 4)
        #expect(plan.phase(.migrateConsumers)?.steps.last?.summary.hasPrefix("cutover") == true)
    }

    @Test("the hash covers the spec, the catalog fingerprint and the steps")
    func hash() throws {
        let plan = try Self.plan()
        #expect(try plan.computeHash() == plan.hash)
        #expect(try Self.plan().hash == plan.hash)
        var catalog = try PlanFixtures.billingCatalog()
        catalog.fingerprint = ContentHash(of: Data("another database".utf8))
        let other = try Planner(catalog: catalog).plan(try PlanFixtures.billingSpec())
        #expect(other.hash != plan.hash)
        #expect(other.inputs.catalog != plan.inputs.catalog)
        let data = try CanonicalJSON.encode(plan)
        #expect(try MigrationPlan.decode(data, path: "plan.json") == plan)
    }

    @Test("without lineage the contract still waits, and the plan says consumers are unknown")
    func withoutLineage() throws {
        let plan = try Planner(catalog: try PlanFixtures.billingCatalog()).plan(try PlanFixtures.billingSpec())
        #expect(plan.consumerPatches.isEmpty)
        #expect(plan.phase(.contract)?.steps.last?.gate?.noConsumersOf == ["public.invoices.amount"])
        #expect(plan.notes.contains { $0.severity == .warning && $0.message.contains("no lineage") })
    }

    @Test("plan.md shows every step with its lock, rewrite, estimate and rollback")
    func markdown() throws {
        let text = try Self.plan().markdown()
        #expect(text.contains("## Expand") && text.contains("## Contract"))
        #expect(text.contains("lock **SHARE UPDATE EXCLUSIVE** · scans the table"))
        #expect(text.contains("Rollback: **none**"))
        #expect(text.contains("```diff"))
    }
}
