public import Foundation
public import KeelCore

/// One rollout as stored in an environment's `keel.migrations` table, with where it stands.
public struct RolloutRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var change: String
    public var plan: ContentHash
    public var environment: String
    public var status: RolloutStateMachine.Status
    /// The last phase completed in full, if any.
    public var completedPhase: MigrationPlan.PhaseKind?
    /// The phase of the next step to run, if any.
    public var nextPhase: MigrationPlan.PhaseKind?
    /// The last step recorded.
    public var step: String?
    /// Steps done (and not undone), in plan order.
    public var stepsDone: [String]
    /// Steps in the plan.
    public var stepsTotal: Int
    public var operatorName: String
    /// Why a gate was forced, when one was.
    public var forcedReason: String?
    /// The last failure, when the rollout stopped on one.
    public var lastError: String?
    public var startedAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?
    /// Backfill cursors: rows done per backfill step.
    public var backfills: [Cursor]
    /// Columns the contract kept, renamed, for rollback.
    public var retired: [RetiredColumn]

    /// A backfill's stored position.
    public struct Cursor: Sendable, Codable, Equatable {
        public var step: String
        public var lastKey: String?
        public var rowsDone: Int64
        public var batches: Int64
        public var batchSize: Int
        public var done: Bool
    }

    /// A dropped column kept under another name until ``retainUntil``.
    public struct RetiredColumn: Sendable, Codable, Equatable {
        public var table: QualifiedName
        public var column: String
        public var retiredAs: String
        public var retainUntil: Date
        public var restored: Bool
        public var purged: Bool
    }
}
