public import KeelCore

/// Why validation could not run (as opposed to a plan that fails validation, which is a report).
public enum ValidateError: KeelError {
    case cloneFailed(step: String, detail: String)
    case versionMismatch(source: Int, sandbox: Int)
    case planMismatch(plan: ContentHash, catalog: ContentHash)
    case workloadFailed(consumer: String, detail: String)
    /// `--dbt dbt` was asked for, but no dbt is installed.
    case dbtMissing

    public var code: String {
        switch self {
        case .cloneFailed: "validate.clone-failed"
        case .versionMismatch: "validate.version-mismatch"
        case .planMismatch: "validate.plan-mismatch"
        case .workloadFailed: "validate.baseline-failed"
        case .dbtMissing: "validate.dbt-missing"
        }
    }

    public var message: String {
        switch self {
        case .cloneFailed(let step, let detail): "cloning the source into the sandbox failed while \(step): \(detail)"
        case .versionMismatch(let source, let sandbox):
            "the source runs PostgreSQL \(source) but the sandbox server is \(sandbox); locks and plans would not be comparable"
        case .planMismatch(let plan, let catalog):
            "the plan was made for catalog \(plan.value.prefix(19))…, but the source's catalog is \(catalog.value.prefix(19))…"
        case .workloadFailed(let consumer, let detail): "the baseline run of \(consumer) failed on the untouched sandbox: \(detail)"
        case .dbtMissing: "--dbt dbt asks for real dbt, but no dbt runs here (not $KEEL_DBT, not on PATH)"
        }
    }

    public var hint: String? {
        switch self {
        case .cloneFailed: "check that pg_dump can read the source (permissions, version) and that the sandbox server is reachable"
        case .versionMismatch: "install the source's major version of the PostgreSQL server, or pass --sandbox URL of a matching server"
        case .planMismatch: "the database changed since the plan was made: discover again and re-plan"
        case .workloadFailed: "the consumer fails even before the change; fix it or leave it out of keel.yaml (for dbt: check that dbt build works on the project, or use --dbt keel)"
        case .dbtMissing: "install dbt-core and the adapter (pip install dbt-core dbt-postgres), put dbt on PATH or set KEEL_DBT, or use --dbt keel"
        }
    }
}
