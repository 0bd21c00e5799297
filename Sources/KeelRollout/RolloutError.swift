public import KeelCore

/// Why a rollout command stopped. Gates that refuse (`gate-closed`, `validation-missing`, …) exit 1:
/// a check found a problem. Everything else (bad state, bad input, a failed step) exits 2.
public enum RolloutError: KeelError, Equatable {
    /// Another rollout holds the schema's advisory lock right now.
    case busy(environment: String)
    /// A different plan is active in this environment.
    case otherActive(environment: String, change: String, plan: ContentHash)
    /// The command needs an active rollout of this plan and there is none.
    case notStarted(environment: String, plan: ContentHash)
    /// The plan already ran to the end (or was rolled back or aborted) here.
    case finished(environment: String, status: String)
    /// A gate refused; `reason` says which and why.
    case gateClosed(step: String?, reason: String)
    /// Production needs a passing validation report for this plan and catalog.
    case validationMissing(reason: String)
    /// Production needs staging to have completed the phase first.
    case stagingBehind(phase: MigrationPlan.PhaseKind, staging: String)
    /// `--force` was given without `--reason`.
    case reasonRequired
    /// A step failed; the rollout stops there and can be resumed or rolled back.
    case stepFailed(step: String, underlying: String)
    /// A step cannot be undone (a contract step without a retained column).
    case irreversible(step: String)
    /// The backfill finished its passes but rows still differ.
    case backfillIncomplete(step: String, remaining: Int64)
    /// A column kept by retention is back, but rows written after the contract have no value in it.
    case restoreIncomplete(column: String, rows: Int64)
    /// The stored plan differs from the one given (same hash, other bytes, or a corrupt row).
    case stateCorrupt(reason: String)
    /// There is no keel.yaml to take the environments from.
    case noConfig(path: String)
    /// keel.yaml declares no environment of that name.
    case unknownEnvironment(name: String, known: [String])
    /// The environment's URL comes from a variable that is not set.
    case environmentUnset(name: String, variable: String)
    /// Production's staging environment cannot be told from keel.yaml.
    case noStaging(production: String)

    public var code: String {
        switch self {
        case .busy: "rollout.busy"
        case .otherActive: "rollout.other-active"
        case .notStarted: "rollout.not-started"
        case .finished: "rollout.finished"
        case .gateClosed: "rollout.gate-closed"
        case .validationMissing: "rollout.validation-missing"
        case .stagingBehind: "rollout.staging-behind"
        case .reasonRequired: "rollout.reason-required"
        case .stepFailed: "rollout.step-failed"
        case .irreversible: "rollout.irreversible"
        case .backfillIncomplete: "rollout.backfill-incomplete"
        case .restoreIncomplete: "rollout.restore-incomplete"
        case .stateCorrupt: "rollout.state-corrupt"
        case .noConfig: "rollout.no-config"
        case .unknownEnvironment: "rollout.unknown-environment"
        case .environmentUnset: "rollout.environment-unset"
        case .noStaging: "rollout.no-staging"
        }
    }

    public var message: String {
        switch self {
        case .busy(let environment): "another keel rollout is running on \(environment) (advisory lock held)"
        case .otherActive(let environment, let change, let plan): "\(environment) already has an active rollout: \(change) (\(plan))"
        case .notStarted(let environment, let plan): "no active rollout of \(plan) on \(environment)"
        case .finished(let environment, let status): "the rollout on \(environment) is \(status)"
        case .gateClosed(let step, let reason): "gate closed" + (step.map { " before \($0)" } ?? "") + ": \(reason)"
        case .validationMissing(let reason): "production needs a passing validation report: \(reason)"
        case .stagingBehind(let phase, let staging): "\(staging) has not completed the \(phase.title.lowercased()) phase of this plan yet"
        case .reasonRequired: "--force needs --reason TEXT, which is recorded with the rollout"
        case .stepFailed(let step, let underlying): "step \(step) failed: \(underlying)"
        case .irreversible(let step): "step \(step) cannot be undone"
        case .backfillIncomplete(let step, let remaining): "backfill \(step) finished but \(remaining) rows still differ"
        case .restoreIncomplete(let column, let rows):
            "\(column) is restored, but \(rows) rows written after the contract have no value in it; rollback stopped there"
        case .stateCorrupt(let reason): "the keel schema's rollout state is inconsistent: \(reason)"
        case .noConfig(let path): "no keel.yaml at \(path)"
        case .unknownEnvironment(let name, let known):
            "keel.yaml has no environment \"\(name)\"" + (known.isEmpty ? "" : " (it has \(known.joined(separator: ", ")))")
        case .environmentUnset(let name, let variable): "environment \(name) takes its URL from $\(variable), which is not set"
        case .noStaging(let production): "cannot tell which environment is staging for \(production)"
        }
    }

    public var hint: String? {
        switch self {
        case .busy: "wait for it to finish, or find it in pg_locks (locktype advisory)"
        case .otherActive: "finish it (keel rollout complete) or undo it (keel rollout rollback) first"
        case .notStarted: "start it with keel rollout start PLAN --env NAME"
        case .finished: "keel rollout status shows every environment"
        case .gateClosed: "fix what the gate names, or override with --force --reason TEXT (recorded)"
        case .validationMissing: "run keel validate plan.json --out validation.json and pass --validation validation.json"
        case .stagingBehind: "run the same phase on staging first (keel rollout next PLAN --env staging)"
        case .reasonRequired: nil
        case .stepFailed: "fix the cause, then keel rollout next resumes at this step; or keel rollout rollback"
        case .irreversible: "the dropped structure is gone; restore it from a backup or plan a new change"
        case .backfillIncomplete: "run keel rollout next again; if rows keep differing, check the dual-write trigger"
        case .restoreIncomplete: "fill them from the new column (e.g. UPDATE … SET old = <down expression> WHERE old IS NULL), then run keel rollout rollback again, which also puts back NOT NULL if the column had it"
        case .stateCorrupt: "inspect keel.migrations and keel.step_log, or abort with keel rollout abort"
        case .noConfig: "pass --config keel.yaml, or --db URL (then the environment counts as non-production)"
        case .unknownEnvironment: "add it under environments: in keel.yaml (docs/keel-yaml.md)"
        case .environmentUnset(_, let variable): "export \(variable)=postgres://… (keel rollout also takes --db URL)"
        case .noStaging: "name one environment staging in keel.yaml, or pass --staging NAME"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .gateClosed, .validationMissing, .stagingBehind: .findings
        default: .failure
        }
    }
}
