public import KeelCore
public import KeelPostgres

/// How a rollout runs: timeouts, retries, backfill pacing, retention and overrides.
public struct RolloutOptions: Sendable {
    /// The environment's name, recorded with the rollout (`staging`, `production`).
    public var environment: String
    /// Who runs it, recorded with every rollout (default: `$USER`).
    public var operatorName: String
    /// `lock_timeout` for every DDL statement and backfill batch; overrides the plan's (default 500 ms).
    public var lockTimeout: Duration = .milliseconds(500)
    /// `statement_timeout` for statements whose step sets none (rollback SQL); a step's own
    /// `SET statement_timeout` still wins (default 60 s).
    public var statementTimeout: Duration = .seconds(60)
    /// `statement_timeout` for each backfill batch (DDL steps keep the plan's own).
    public var batchStatementTimeout: Duration = .seconds(60)
    /// The retry policy on lock timeouts (55P03).
    public var retry = LockRetry()
    /// The wall time a backfill batch should take; the batch size adapts to it (default 200 ms).
    public var batchTarget: Duration = .milliseconds(200)
    /// A pause after every backfill batch (default none).
    public var batchPause: Duration = .zero
    /// The most rows per second a backfill may update (default no cap).
    public var maxRowsPerSecond: Int?
    /// The largest batch the sizer may choose.
    public var maxBatchSize = 50_000
    /// How many full passes a backfill makes before it reports rows that still differ.
    public var backfillPasses = 3
    /// How long a column dropped by the contract is kept, renamed, so a rollback can restore it;
    /// `nil` drops it at once (default 7 days).
    public var retention: Duration? = .seconds(7 * 86_400)
    /// The lineage graph, rebuilt after the consumers moved, that the contract gate reads.
    public var lineage: LineageGraph?
    /// Override closed gates; needs ``reason``.
    public var force = false
    /// Why the gates were overridden; recorded with the rollout.
    public var reason: String?
    /// Called once the phases about to run are known and before any of them runs (under the
    /// rollout's lock); throw to refuse, or return the gates it forced open (recorded like
    /// ``overrides``). The CLI checks production's staging gate here.
    public var beforeRunning: (@Sendable ([MigrationPlan.PhaseKind]) async throws -> [String])?
    /// Gates the caller forced open before the rollout (production's validation gate), recorded
    /// with the reason in `keel.migrations.forced_reason` and a `force` row of `keel.step_log`.
    public var overrides: [String] = []
    /// Backfill progress, after every batch.
    public var progress: (@Sendable (BackfillProgress) -> Void)?
    /// One line per event (step started, done, retried, gate forced).
    public var log: (@Sendable (String) -> Void)?

    /// Options with defaults for an environment.
    public init(environment: String, operatorName: String) {
        self.environment = environment
        self.operatorName = operatorName
    }
}
