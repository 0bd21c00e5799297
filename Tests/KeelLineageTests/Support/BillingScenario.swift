import Foundation
import KeelCore
import KeelLineage

/// The billing scenario's expected impact of `public.invoices.amount` (../shared/docs/billing-scenario.md).
enum BillingScenario {
    /// Every consumer downstream of invoices.amount, and nothing else.
    static let impactedConsumers: Set<String> = [
        "dbt:model.billing_dbt.stg_invoices",
        "dbt:model.billing_dbt.fct_invoice_revenue",
        "dbt:model.billing_dbt.dim_customers",
        "dbt:model.billing_dbt.mart_monthly_revenue",
        "airflow:nightly_billing.snapshot_revenue",
        "dbt:exposure.billing_dbt.revenue_dashboard",
        "dbt:exposure.billing_dbt.finance_api",
        "dashboard:Revenue overview",
        "dashboard:Top customers",
        "api:GET /invoices/{id}",
    ]

    /// Every column downstream of invoices.amount, and nothing else.
    static let impactedColumns: Set<String> = [
        "analytics.stg_invoices.amount",
        "analytics.fct_invoice_revenue.invoiced_amount",
        "analytics.fct_invoice_revenue.outstanding",
        "analytics.dim_customers.lifetime_value",
        "analytics.mart_monthly_revenue.revenue",
        "analytics.revenue_snapshots.paid_revenue",
    ]

    /// The catalog of the scenario's schema.sql, as `keel discover` wrote it.
    static func catalog() throws -> Catalog {
        try Catalog.read(from: URL(fileURLWithPath: LineageFixtures.billing + "/catalog.json"))
    }

    /// The billing graph, built from keel.yaml (rendering the dbt project) and the fixture catalog.
    static func graph() throws -> LineageGraph {
        let config = try KeelConfig.load(LineageFixtures.billing + "/keel.yaml")
        return try LineageBuilder().build(config: config, catalog: try catalog(), loading: LineageInputs.Options(preferManifest: false))
    }
}
