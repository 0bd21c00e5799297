@testable import KeelValidate
import Testing

/// Plan flags: lost index use fails; join flips, cost and time ratios warn; tiny times are noise.
@Suite struct QueryPlanComparisonTests {
    typealias Plan = WorkloadRunner.QueryPlan

    static func flags(_ before: Plan, _ after: Plan) -> [(String, Bool)] {
        QueryPlanComparison.flags(before: before, after: after, options: Validator.Options())
    }

    @Test func lostIndexUseFails() {
        let flags = Self.flags(Plan(nodes: ["Index Scan on public.invoices"], cost: 8),
                               Plan(nodes: ["Seq Scan on public.invoices"], cost: 8))
        #expect(flags.count == 1)
        #expect(flags.first?.1 == true)
        #expect(flags.first?.0 == "lost index use on public.invoices: Index Scan became Seq Scan on public.invoices")
    }

    @Test func slowerExecutionAboveTheThresholdWarns() {
        let flags = Self.flags(Plan(nodes: ["Seq Scan on public.a"], cost: 10, milliseconds: 4),
                               Plan(nodes: ["Seq Scan on public.a"], cost: 10, milliseconds: 20))
        #expect(flags.map(\.0) == ["execution time ×5.0 (4.00 ms → 20.00 ms)"])
        #expect(flags.allSatisfy { !$0.1 })
    }

    @Test func tinyOrModestTimeChangesAreNotFlagged() {
        // ×9, but under the 5 ms floor: noise.
        #expect(Self.flags(Plan(nodes: [], cost: 1, milliseconds: 0.1), Plan(nodes: [], cost: 1, milliseconds: 0.9)).isEmpty)
        // Over the floor, but ×2.
        #expect(Self.flags(Plan(nodes: [], cost: 1, milliseconds: 10), Plan(nodes: [], cost: 1, milliseconds: 20)).isEmpty)
        // Not measured on one side.
        #expect(Self.flags(Plan(nodes: [], cost: 1, milliseconds: nil), Plan(nodes: [], cost: 1, milliseconds: 900)).isEmpty)
    }

    @Test func costRatioAndJoinFlipWarn() {
        let flags = Self.flags(Plan(nodes: ["Hash Join", "Seq Scan on public.a", "Seq Scan on public.b"], cost: 100),
                               Plan(nodes: ["Nested Loop", "Seq Scan on public.a", "Seq Scan on public.b"], cost: 450))
        #expect(flags.map(\.0) == ["join type changed: Hash Join → Nested Loop", "estimated cost ×4.5 (100 → 450)"])
        #expect(flags.allSatisfy { !$0.1 })
    }

    @Test func explainJSONGivesNodesCostAndTime() {
        let json = """
            [{"Plan": {"Node Type": "Limit", "Total Cost": 12.5, "Plans": [{"Node Type": "Index Scan", "Relation Name": "invoices", "Schema": "public"}]},
              "Planning Time": 0.1, "Execution Time": 0.25}]
            """
        let plan = WorkloadRunner.parse(json)
        #expect(plan.nodes == ["Limit", "Index Scan on public.invoices"])
        #expect(plan.cost == 12.5)
        #expect(plan.milliseconds == 0.25)
    }
}
