public import KeelCore

/// The rollout's decisions, as a pure value (postgres-nio's connection state machine style): each
/// `mutating` event function updates the state and returns the one ``Action`` to carry out next.
/// ``RolloutExecutor`` performs the actions against the database and feeds the outcome back as the
/// next event; this type does no I/O, so every rule is tested without a database.
///
/// Steps run strictly in plan order. A command names the last phase it may run (`start`: expand,
/// `next`: the phase of the next pending step, `complete`: contract); reaching a step of a later
/// phase pauses. A gated step (the contract) first asks for its gate to be checked. Rollback undoes
/// done steps in reverse order and refuses at the first one that cannot be undone.
public struct RolloutStateMachine: Sendable, Equatable {
    /// What the machine knows about one plan step.
    public struct StepInfo: Sendable, Equatable {
        /// How the executor runs it.
        public enum Kind: String, Sendable, Equatable {
            /// SQL statements, in a transaction or (CONCURRENTLY) one by one.
            case statements
            /// A keyset-batched backfill.
            case backfill
            /// No SQL: a point where people act (deploy the consumer patches).
            case checkpoint
        }

        public var id: String
        public var phase: MigrationPlan.PhaseKind
        public var kind: Kind
        /// Whether a gate must be checked before it runs.
        public var gated: Bool
        /// Whether rollback can undo it once done.
        public var reversible: Bool
        /// Contract steps with the same key (transactional, same table) run in one transaction, so
        /// no write lands between them (between dropping the dual-write trigger and dropping the
        /// old column, a new-shape insert would violate the old column's NOT NULL).
        public var together: String?

        /// Describes one step.
        public init(id: String, phase: MigrationPlan.PhaseKind, kind: Kind, gated: Bool, reversible: Bool, together: String? = nil) {
            self.id = id
            self.phase = phase
            self.kind = kind
            self.gated = gated
            self.reversible = reversible
            self.together = together
        }
    }

    /// Where one step stands.
    public enum StepState: String, Sendable, Equatable, Codable {
        case pending, done, undone
    }

    /// Where the whole rollout stands; stored in `keel.migrations.status`.
    public enum Status: String, Sendable, Equatable, Codable {
        /// Started and neither finished nor undone: holds the environment's one active slot.
        case active
        /// Every step ran.
        case completed
        /// Every done step was undone.
        case rolledBack = "rolled_back"
        /// Stopped by an operator, leaving the database as it was.
        case aborted
    }

    /// What the executor must do next.
    public enum Action: Sendable, Equatable {
        /// Check the gate of step `index`, then report with ``gateChecked(_:open:reason:)``.
        case checkGate(Int)
        /// Run step `index`, then report ``stepSucceeded(_:)`` or ``stepFailed(_:reason:)``.
        case run(Int)
        /// Run these consecutive steps in one transaction, then report ``stepsSucceeded(_:)`` or
        /// ``stepFailed(_:reason:)`` with the first.
        case runTogether([Int])
        /// Undo step `index`, then report ``undoSucceeded(_:)`` or ``stepFailed(_:reason:)``.
        case undo(Int)
        /// Undo these steps (last first) in one transaction, then report ``undosSucceeded(_:)``.
        case undoTogether([Int])
        /// The command's last phase is done: stop here, the rollout stays active.
        case pause(after: MigrationPlan.PhaseKind?)
        /// Every step is done: record the rollout as completed.
        case markCompleted
        /// Every done step is undone: record the rollout as rolled back.
        case markRolledBack
        /// Record the rollout as aborted.
        case markAborted
        /// Stop with this error; nothing more runs.
        case fail(RolloutError)
    }

    private enum Mode: Sendable, Equatable { case forward, rollingBack }

    public let steps: [StepInfo]
    public private(set) var states: [StepState]
    public private(set) var status: Status
    /// The last phase the current command may run.
    public private(set) var target: MigrationPlan.PhaseKind = .expand
    private var mode: Mode = .forward
    private var openGates: Set<Int> = []
    private let environment: String

    /// Rebuilds the machine from stored state.
    /// - Parameters:
    ///   - steps: The plan's steps in order.
    ///   - states: Each step's stored state by id; missing ids are pending.
    ///   - status: The stored status (`active` for a new rollout).
    ///   - environment: For error messages.
    public init(steps: [StepInfo], states: [String: StepState] = [:], status: Status = .active, environment: String) {
        self.steps = steps
        self.states = steps.map { states[$0.id] ?? .pending }
        self.status = status
        self.environment = environment
    }

    // MARK: Queries

    /// The index of the first step not done yet, if any.
    public var nextPending: Int? { states.firstIndex { $0 != .done } }

    /// The phase of the next step to run, or `nil` when every step is done.
    public var nextPhase: MigrationPlan.PhaseKind? { nextPending.map { steps[$0].phase } }

    /// Whether every step of `phase` (and of every phase before it) is done.
    public func completed(through phase: MigrationPlan.PhaseKind) -> Bool {
        let order = MigrationPlan.PhaseKind.allCases
        guard let limit = order.firstIndex(of: phase) else { return false }
        return zip(steps, states).allSatisfy { step, state in
            (order.firstIndex(of: step.phase) ?? 0) > limit || state == .done
        }
    }

    /// The last phase whose steps are all done (with every earlier phase), if any.
    public var completedPhase: MigrationPlan.PhaseKind? {
        MigrationPlan.PhaseKind.allCases.last { completed(through: $0) }
    }

    /// The phases that have steps still to run, up to and including `phase`.
    public func pendingPhases(through phase: MigrationPlan.PhaseKind) -> [MigrationPlan.PhaseKind] {
        let order = MigrationPlan.PhaseKind.allCases
        let limit = order.firstIndex(of: phase) ?? 0
        return order.prefix(limit + 1).filter { kind in zip(steps, states).contains { $0.phase == kind && $1 != .done } }
    }

    // MARK: Events

    /// Start or continue, running every pending step up to the end of `phase`.
    public mutating func advance(through phase: MigrationPlan.PhaseKind) -> Action {
        guard status == .active else { return .fail(.finished(environment: environment, status: status.rawValue)) }
        mode = .forward
        target = phase
        return nextForward()
    }

    /// The gate of step `index` was checked.
    /// - Parameters:
    ///   - open: Whether it holds (or was forced open).
    ///   - reason: Why it is closed, when it is.
    public mutating func gateChecked(_ index: Int, open: Bool, reason: String) -> Action {
        guard mode == .forward, states.indices.contains(index), states[index] != .done else {
            return .fail(.stateCorrupt(reason: "gate result for a step that is not pending"))
        }
        guard open else { return .fail(.gateClosed(step: steps[index].id, reason: reason)) }
        openGates.insert(index)
        return nextForward()
    }

    /// Step `index` ran and its completion is recorded.
    public mutating func stepSucceeded(_ index: Int) -> Action {
        guard mode == .forward, states.indices.contains(index) else { return .fail(.stateCorrupt(reason: "success reported outside a forward run")) }
        states[index] = .done
        return nextForward()
    }

    /// Steps run together all ran and their completion is recorded.
    public mutating func stepsSucceeded(_ indices: [Int]) -> Action {
        guard mode == .forward, indices.allSatisfy({ states.indices.contains($0) }) else {
            return .fail(.stateCorrupt(reason: "success reported outside a forward run"))
        }
        for index in indices { states[index] = .done }
        return nextForward()
    }

    /// Step `index` failed (running or undoing it): stop; the step stays as it was, so the same
    /// command resumes there.
    public mutating func stepFailed(_ index: Int, reason: String) -> Action {
        let id = steps.indices.contains(index) ? steps[index].id : "#\(index)"
        return .fail(.stepFailed(step: id, underlying: reason))
    }

    /// Undo every done step, last first.
    public mutating func rollback() -> Action {
        guard status == .active else { return .fail(.finished(environment: environment, status: status.rawValue)) }
        mode = .rollingBack
        return nextBackward()
    }

    /// Step `index` was undone and that is recorded.
    public mutating func undoSucceeded(_ index: Int) -> Action {
        guard mode == .rollingBack, states.indices.contains(index) else { return .fail(.stateCorrupt(reason: "undo reported outside a rollback")) }
        states[index] = .undone
        return nextBackward()
    }

    /// Steps undone together are undone and that is recorded.
    public mutating func undosSucceeded(_ indices: [Int]) -> Action {
        guard mode == .rollingBack, indices.allSatisfy({ states.indices.contains($0) }) else {
            return .fail(.stateCorrupt(reason: "undo reported outside a rollback"))
        }
        for index in indices { states[index] = .undone }
        return nextBackward()
    }

    /// Stop the rollout where it stands, undoing nothing.
    public mutating func abort() -> Action {
        guard status == .active else { return .fail(.finished(environment: environment, status: status.rawValue)) }
        status = .aborted
        return .markAborted
    }

    // MARK: Transitions

    private mutating func nextForward() -> Action {
        guard let index = nextPending else {
            status = .completed
            return .markCompleted
        }
        let order = MigrationPlan.PhaseKind.allCases
        if (order.firstIndex(of: steps[index].phase) ?? 0) > (order.firstIndex(of: target) ?? 0) {
            return .pause(after: completedPhase)
        }
        var group = [index]
        if let key = steps[index].together {
            var next = index + 1
            while next < steps.count, states[next] != .done, steps[next].together == key, steps[next].phase == steps[index].phase {
                group.append(next)
                next += 1
            }
        }
        if let closed = group.first(where: { steps[$0].gated && !openGates.contains($0) }) { return .checkGate(closed) }
        return group.count > 1 ? .runTogether(group) : .run(index)
    }

    private mutating func nextBackward() -> Action {
        guard let index = states.lastIndex(of: .done) else {
            status = .rolledBack
            return .markRolledBack
        }
        var group = [index]
        if let key = steps[index].together {
            var previous = index - 1
            while previous >= 0, states[previous] == .done, steps[previous].together == key, steps[previous].phase == steps[index].phase {
                group.append(previous)
                previous -= 1
            }
        }
        if let stuck = group.first(where: { !steps[$0].reversible }) { return .fail(.irreversible(step: steps[stuck].id)) }
        return group.count > 1 ? .undoTogether(group) : .undo(index)
    }
}
