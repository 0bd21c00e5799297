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

    @Test("Keel's own version views do not hold the contract gate; any other view does")
    func versionViewsDoNotHoldTheGate() throws {
        let plan = try RolloutFixtures.billingPlan()
        let gate = try #require(plan.phase(.contract)?.steps.last?.gate)
        let reader = try #require(try RolloutFixtures.lineage().consumers.first { $0.id == "dbt:model.billing_dbt.stg_invoices" })
        func lineage(withViewNamed id: String) throws -> LineageGraph {
            var graph = try RolloutFixtures.movedLineage(plan)
            var view = reader
            view.id = id
            view.kind = .view
            graph.consumers.append(view)
            return graph
        }
        #expect(RolloutGates.contract(gate, lineage: try lineage(withViewNamed: "view:public_v1.invoices")) == nil)
        #expect(RolloutGates.contract(gate, lineage: try lineage(withViewNamed: "view:public_v12.invoices")) == nil)
        #expect(RolloutGates.contract(gate, lineage: try lineage(withViewNamed: "view:public.invoice_totals"))?.contains("view:public.invoice_totals") == true)
        #expect(RolloutGates.contract(gate, lineage: try lineage(withViewNamed: "view:public_vx.invoices")) != nil)
        #expect(RolloutGates.contract(gate, lineage: try lineage(withViewNamed: "view:reporting_v1.invoices")) != nil)
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
