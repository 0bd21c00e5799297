import KeelLineage
import Testing

@Suite("dashboards and APIs")
struct DashboardLoaderTests {
    @Test("the billing dashboards and API become consumers with their SQL and parameters")
    func billing() throws {
        let config = try KeelConfig.load(LineageFixtures.billing + "/keel.yaml")
        let (consumers, diagnostics) = DashboardLoader.consumers(config)
        #expect(diagnostics.isEmpty)
        #expect(consumers.map(\.id) == ["dashboard:Revenue overview", "dashboard:Top customers", "api:GET /invoices/{id}"])
        #expect(consumers.map(\.kind) == [.dashboard, .dashboard, .api])
        #expect(consumers.first?.statements.map(\.text) == ["SELECT month, revenue FROM analytics.mart_monthly_revenue ORDER BY month"])
        #expect(consumers.first?.owner == "finance-analytics@example.com")
        #expect(consumers.last?.parameters == [KeelConfig.Parameter(name: "id", type: "bigint", example: .int(42))])
        #expect(consumers.allSatisfy { $0.statements.allSatisfy { $0.parses } })
    }

    @Test("a query that does not parse is a diagnostic with its line; several queries keep their order")
    func unparsable() throws {
        let config = try KeelConfig.parse("""
            version: 1
            dashboards:
              - name: Broken
                queries:
                  - sql: SELECT 1
                  - sql: SELECT FROM WHERE
              - name: Ok
                kind: notebook
                sql: |
                  SELECT 1;
                  SELECT 2
            """, file: "keel.yaml")
        let (consumers, diagnostics) = DashboardLoader.consumers(config)
        #expect(consumers.map(\.id) == ["dashboard:Broken", "notebook:Ok"])
        #expect(consumers.first?.statements.map(\.parses) == [true, false])
        #expect(consumers.last?.statements.map(\.text) == ["SELECT 1", "SELECT 2"])
        #expect(consumers.last?.statements.map(\.location.line) == [9, 10])
        #expect(diagnostics.map(\.code) == ["lineage.sql-unparsable"])
        #expect(diagnostics.first?.location.line == 6)
        #expect(diagnostics.first?.consumer == "dashboard:Broken")
    }
}
