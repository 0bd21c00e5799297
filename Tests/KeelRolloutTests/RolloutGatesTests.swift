import Foundation
import KeelCore
import KeelRollout
import Testing

@Suite struct RolloutGatesTests {
    @Test func theContractGateReadsLineage() throws {
        let plan = try RolloutFixtures.billingPlan()
        let gate = try #require(plan.phase(.contract)?.steps.last?.gate)
        #expect(gate.noConsumersOf == ["public.invoices.amount"])
        #expect(RolloutGates.contract(gate, lineage: nil) != nil)
        let before = try #require(RolloutGates.contract(gate, lineage: try RolloutFixtures.lineage()))
        #expect(before.contains("dbt:model.billing_dbt.stg_invoices"))
        #expect(RolloutGates.contract(gate, lineage: try RolloutFixtures.movedLineage(plan)) == nil)
    }

    @Test func productionNeedsAPassingReportForThisPlanAndCatalog() throws {
        let plan = try RolloutFixtures.billingPlan()
        #expect(RolloutGates.validation(nil, for: plan) != nil)
        let good = ValidationReport(plan: plan.hash, catalog: plan.inputs.catalog, sandbox: .init(serverVersion: "15", tables: []),
                                    steps: [], dualWrite: [], outputs: [], queryPlans: [], rollback: nil, findings: [])
        #expect(RolloutGates.validation(good, for: plan) == nil)
        var otherPlan = good
        otherPlan.plan = plan.inputs.spec
        #expect(RolloutGates.validation(otherPlan, for: plan) != nil)
        var otherCatalog = good
        otherCatalog.catalog = plan.inputs.spec
        #expect(RolloutGates.validation(otherCatalog, for: plan) != nil)
        var failed = good
        failed.passed = false
        #expect(RolloutGates.validation(failed, for: plan) != nil)
    }
}
