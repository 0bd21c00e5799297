public import KeelCore

/// Why a drift command could not run. Every case exits 2: drift itself is a finding (exit 1), not an error.
public enum MonitorError: KeelError, Equatable {
    /// `keel.catalog_snapshots` has no row: Keel never recorded what the schema should be.
    case noBaseline(database: String)
    /// A stored baseline cannot be read back (written by a newer keel, or edited by hand).
    case baselineUnreadable(id: Int64, reason: String)
    /// Installing or removing the event trigger needs a superuser.
    case notSuperuser(user: String, action: String)

    public var code: String {
        switch self {
        case .noBaseline: "drift.no-baseline"
        case .baselineUnreadable: "drift.baseline-unreadable"
        case .notSuperuser: "drift.not-superuser"
        }
    }

    public var message: String {
        switch self {
        case .noBaseline(let database): "database \(database) has no recorded catalog to compare with (keel.catalog_snapshots is empty)"
        case .baselineUnreadable(let id, let reason): "the baseline catalog #\(id) in keel.catalog_snapshots cannot be read: \(reason)"
        case .notSuperuser(let user, let action): "\(action) needs a superuser, and \(user) is not one (event triggers are superuser-only)"
        }
    }

    public var hint: String? {
        switch self {
        case .noBaseline: "run a keel rollout, or record the current schema as the baseline with keel drift record --env NAME"
        case .baselineUnreadable: "upgrade keel, or record a new baseline with keel drift record --env NAME"
        case .notSuperuser: "connect as a superuser with --db (for example postgres://postgres@host/db), or ask a DBA to run it"
        }
    }
}
