public import KeelCore

/// Why a drift or monitor command could not run. Every case exits 2: drift and regressions are
/// findings (exit 1), not errors.
public enum MonitorError: KeelError, Equatable {
    /// `keel.catalog_snapshots` has no row: Keel never recorded what the schema should be.
    case noBaseline(database: String)
    /// A stored baseline cannot be read back (written by a newer keel, or edited by hand).
    case baselineUnreadable(id: Int64, reason: String)
    /// Installing or removing the event trigger needs a superuser.
    case notSuperuser(user: String, action: String)
    /// `keel.monitor_snapshots` has no "before" for the plan in the environment.
    case noSnapshot(plan: String, environment: String, database: String)
    /// A stored monitor snapshot cannot be read back.
    case snapshotUnreadable(plan: String, environment: String, reason: String)

    public var code: String {
        switch self {
        case .noBaseline: "drift.no-baseline"
        case .baselineUnreadable: "drift.baseline-unreadable"
        case .notSuperuser: "drift.not-superuser"
        case .noSnapshot: "monitor.no-snapshot"
        case .snapshotUnreadable: "monitor.snapshot-unreadable"
        }
    }

    public var message: String {
        switch self {
        case .noBaseline(let database): "database \(database) has no recorded catalog to compare with (keel.catalog_snapshots is empty)"
        case .baselineUnreadable(let id, let reason): "the baseline catalog #\(id) in keel.catalog_snapshots cannot be read: \(reason)"
        case .notSuperuser(let user, let action): "\(action) needs a superuser, and \(user) is not one (event triggers are superuser-only)"
        case .noSnapshot(let plan, let environment, let database):
            "database \(database) has no \"before\" snapshot of plan \(plan) in environment \(environment) (keel.monitor_snapshots)"
        case .snapshotUnreadable(let plan, let environment, let reason):
            "the snapshot of plan \(plan) in environment \(environment) in keel.monitor_snapshots cannot be read: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .noBaseline: "run a keel rollout, or record the current schema as the baseline with keel drift record --env NAME"
        case .baselineUnreadable: "upgrade keel, or record a new baseline with keel drift record --env NAME"
        case .noSnapshot(_, let environment, _):
            "start the rollout with keel rollout start (it takes the snapshot), or take one by hand before the change with keel monitor snapshot PLAN --env \(environment)"
        case .snapshotUnreadable(_, let environment, _): "upgrade keel, or take a new one with keel monitor snapshot PLAN --env \(environment)"
        case .notSuperuser: "connect as a superuser with --db (for example postgres://postgres@host/db), or ask a DBA to run it"
        }
    }
}
