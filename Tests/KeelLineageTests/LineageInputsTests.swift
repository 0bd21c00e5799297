import KeelLineage
import Testing

@Suite("lineage inputs")
struct LineageInputsTests {
    @Test("the billing keel.yaml loads every consumer of the scenario, and all their SQL parses")
    func billing() throws {
        let config = try KeelConfig.load(LineageFixtures.billing + "/keel.yaml")
        let inputs = try LineageInputs.load(config, options: LineageInputs.Options(preferManifest: false))
        #expect(inputs.diagnostics.isEmpty, "\(inputs.diagnostics)")
        #expect(inputs.dbt?.origin == .project)
        #expect(inputs.dbt?.target?.schema == "analytics")
        #expect(inputs.consumers.map(\.id) == [
            "dbt:model.billing_dbt.dim_customers", "dbt:model.billing_dbt.fct_invoice_revenue",
            "dbt:model.billing_dbt.mart_monthly_revenue", "dbt:model.billing_dbt.stg_invoices", "dbt:model.billing_dbt.stg_payments",
            "dbt:exposure.billing_dbt.finance_api", "dbt:exposure.billing_dbt.revenue_dashboard",
            "airflow:nightly_billing.mark_overdue", "airflow:nightly_billing.snapshot_revenue", "airflow:nightly_billing.run_dbt",
            "dashboard:Revenue overview", "dashboard:Top customers", "api:GET /invoices/{id}",
        ])
        let byId = Dictionary(uniqueKeysWithValues: inputs.consumers.map { ($0.id, $0) })
        #expect(byId["dbt:model.billing_dbt.stg_invoices"]?.builds == "analytics.stg_invoices")
        #expect(byId["dbt:model.billing_dbt.dim_customers"]?.dependsOn == ["dbt:model.billing_dbt.fct_invoice_revenue"])
        #expect(byId["dbt:exposure.billing_dbt.revenue_dashboard"]?.dependsOn == [
            "dbt:model.billing_dbt.dim_customers", "dbt:model.billing_dbt.mart_monthly_revenue",
        ])
        #expect(byId["dbt:exposure.billing_dbt.finance_api"]?.owner == "billing-platform@example.com")
        #expect(byId["api:GET /invoices/{id}"]?.kind == .api)
        #expect(byId["api:GET /invoices/{id}"]?.parameters.map(\.name) == ["id"])
        #expect(byId["dashboard:Top customers"]?.statements.map(\.text) == [
            "SELECT customer_id, lifetime_value FROM analytics.dim_customers ORDER BY lifetime_value DESC LIMIT 20",
        ])
        #expect(byId["dashboard:Revenue overview"]?.location.line == 27)
        for consumer in inputs.consumers where consumer.kind != .dbtExposure && consumer.id != "airflow:nightly_billing.run_dbt" {
            #expect(!consumer.statements.isEmpty, "\(consumer.id)")
            #expect(consumer.statements.allSatisfy { $0.parses }, "\(consumer.id)")
        }
    }
}
