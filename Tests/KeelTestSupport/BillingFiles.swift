import Foundation

/// The billing scenario (../shared/docs/billing-scenario.md) as it ships with `keel demo`:
/// schema, data generator, dbt project, DAG, dashboards, keel.yaml and the change spec.
public enum BillingFiles {
    public static var directory: String { PackageRoot.url.appendingPathComponent("Sources/KeelDemo/Resources/billing").path }
    public static var changeSpec: String { directory + "/change.yaml" }
}
