public import KeelCore
public import KeelPostgres
public import Logging
import Foundation
import PostgresNIO

/// Carries out a ``RolloutStateMachine``'s actions against one environment's database.
///
/// Every command opens one session, takes the `keel` advisory lock (one rollout command at a time
/// per database), loads the stored state, and then loops: ask the machine for the next action, do
/// it, report the outcome. Each step's completion is written to `keel.step_log` **in the same
/// transaction** as the step's own statements (and each backfill batch moves its cursor in the
/// batch's transaction), so after a crash or `kill -9` nothing is half done and a rerun continues
/// exactly where the last commit left off.
public struct RolloutExecutor: Sendable {
    /// Where the environment's database is.
    public let config: ConnectionConfig
    public let options: RolloutOptions
    let logger: Logger

    /// What one command did.
    public struct Outcome: Sendable, Equatable {
        public var status: RolloutStateMachine.Status
        public var completedPhase: MigrationPlan.PhaseKind?
        public var nextPhase: MigrationPlan.PhaseKind?
        /// Steps run by this command, in order.
        public var ran: [String]
        /// Steps undone by this command, in order.
        public var undone: [String]
        /// Things to tell the operator (restored columns with missing values, purged columns).
        public var warnings: [String]
    }

    /// Which command is driving.
    public enum Command: String, Sendable {
        /// Create the rollout (or continue it) and run the expand phase.
        case start
        /// Run the next phase (or finish an interrupted one).
        case next
        /// Run every remaining phase through the contract.
        case complete
    }

    /// Creates an executor for one environment.
    public init(config: ConnectionConfig, options: RolloutOptions, logger: Logger = Logger(label: "keel.rollout")) {
        self.config = config
        self.options = options
        self.logger = logger
    }

    // MARK: Commands

    /// Runs `command` for `plan`: `start` creates the rollout and runs the expand phase; `next`
    /// runs one more phase; `complete` runs the rest, contract included.
    /// - Returns: Where the rollout stands afterwards.
    /// - Throws: ``RolloutError`` for a closed gate, a busy or foreign rollout, or a failed step.
    public func advance(_ command: Command, plan: MigrationPlan) async throws -> Outcome {
        if options.force && (options.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { throw RolloutError.reasonRequired }
        return try await locked { session in
            if command != .start { try await requireStarted(plan, session) }
            try await RolloutStore.ensure(session)
            if command == .complete, try await RolloutStore.active(session) == nil,
               let latest = try await RolloutStore.latest(session, plan: plan.hash), latest.status == RolloutStateMachine.Status.completed.rawValue {
                return Outcome(status: .completed, completedPhase: .contract, nextPhase: nil, ran: [], undone: [],
                               warnings: try await purgeExpired(session))
            }
            let migration = try await migrationFor(command, plan: plan, session: session)
            var machine = try await machine(for: plan, migration: migration, session: session)
            let target: MigrationPlan.PhaseKind = switch command {
            case .start: .expand
            case .next: machine.nextPhase ?? .contract
            case .complete: .contract
            }
            var overrides = options.overrides
            if let beforeRunning = options.beforeRunning {
                let phases = machine.pendingPhases(through: target)
                if !phases.isEmpty { overrides += try await beforeRunning(phases) }
            }
            for override in overrides {
                let note = "\(override): \(options.reason ?? "")"
                try await RolloutStore.log(session, migration: migration, step: "-", phase: machine.nextPhase ?? .contract, action: "force",
                                           status: "forced", message: note, operatorName: options.operatorName)
                try await RolloutStore.recordForce(session, migration: migration, reason: note)
            }
            var run = Run(migration: migration, plan: plan, session: session)
            try await drive(&machine, machine.advance(through: target), run: &run)
            if machine.status == .completed { run.warnings += try await purgeExpired(session) }
            return Outcome(status: machine.status, completedPhase: machine.completedPhase, nextPhase: machine.nextPhase,
                           ran: run.ran, undone: run.undone, warnings: run.warnings)
        }
    }

    /// Undoes every done step of the active rollout of `plan`, last first. Before the contract
    /// every step can be undone; after it, columns kept by retention are renamed back and the
    /// structures the contract dropped are recreated from the step that created them.
    public func rollback(_ plan: MigrationPlan) async throws -> Outcome {
        try await locked { session in
            try await requireStarted(plan, session)
            try await RolloutStore.ensure(session)
            if try await RolloutStore.active(session) == nil, let latest = try await RolloutStore.latest(session, plan: plan.hash),
               latest.status == RolloutStateMachine.Status.completed.rawValue {
                // After the contract: the completed rollout becomes active again while it is undone.
                try await RolloutStore.setStatus(session, migration: latest.id, status: .active)
            }
            let migration = try await activeMigration(of: plan, session: session)
            // A restore that stopped at NULLs (now filled) or was interrupted finishes first.
            try await restoreNotNull(session, migration: migration)
            var machine = try await machine(for: plan, migration: migration, session: session)
            var run = Run(migration: migration, plan: plan, session: session)
            try await drive(&machine, machine.rollback(), run: &run)
            return Outcome(status: machine.status, completedPhase: machine.completedPhase, nextPhase: machine.nextPhase,
                           ran: run.ran, undone: run.undone, warnings: run.warnings)
        }
    }

    /// Stops the active rollout of `plan` where it stands, undoing nothing, and frees the
    /// environment for another rollout.
    public func abort(_ plan: MigrationPlan) async throws -> Outcome {
        try await locked { session in
            try await requireStarted(plan, session)
            try await RolloutStore.ensure(session)
            let migration = try await activeMigration(of: plan, session: session)
            var machine = try await machine(for: plan, migration: migration, session: session)
            var run = Run(migration: migration, plan: plan, session: session)
            try await drive(&machine, machine.abort(), run: &run)
            return Outcome(status: machine.status, completedPhase: machine.completedPhase, nextPhase: machine.nextPhase,
                           ran: [], undone: [], warnings: [])
        }
    }

    /// Every rollout recorded in the database, newest first (empty when Keel never ran there).
    /// Read only: takes no lock and creates nothing.
    /// - Parameters:
    ///   - config: The environment's database.
    ///   - plan: Only this plan's latest rollout, when given.
    ///   - limit: At most this many.
    public static func status(_ config: ConnectionConfig, plan: ContentHash? = nil, limit: Int = 20) async throws -> [RolloutRecord] {
        try await Session.with(config) { session in
            guard try await RolloutStore.exists(session) else { return [] }
            let rows: [RolloutStore.Row]
            if let plan {
                rows = try await RolloutStore.latest(session, plan: plan).map { [$0] } ?? []
            } else {
                rows = try await RolloutStore.all(session, limit: limit)
            }
            var records: [RolloutRecord] = []
            for row in rows { records.append(try await record(row, session: session)) }
            return records
        }
    }

    /// The state machine of `plan`'s latest rollout in a database, for the staging gate.
    /// - Returns: `nil` when the plan never ran there.
    public static func machine(_ config: ConnectionConfig, plan: MigrationPlan, environment: String) async throws -> RolloutStateMachine? {
        try await Session.with(config) { session in
            guard try await RolloutStore.exists(session), let row = try await RolloutStore.latest(session, plan: plan.hash) else { return nil }
            let states = try await RolloutStore.stepStates(session, migration: row.id)
            let status = RolloutStateMachine.Status(rawValue: row.status) ?? .aborted
            return RolloutStateMachine(steps: Self.stepInfos(plan, retention: nil), states: states, status: status, environment: environment)
        }
    }

    // MARK: Driving the machine

    struct Run {
        var migration: Int64
        var plan: MigrationPlan
        var session: Session
        var ran: [String] = []
        var undone: [String] = []
        var warnings: [String] = []
    }

    private func drive(_ machine: inout RolloutStateMachine, _ first: RolloutStateMachine.Action, run: inout Run) async throws {
        var action = first
        while true {
            switch action {
            case .checkGate(let index):
                action = try await checkGate(index, machine: &machine, run: &run)
            case .run(let index):
                let step = run.plan.steps[index]
                do {
                    options.log?("\(step.id): \(step.summary)")
                    try await execute(step, phase: machine.steps[index].phase, run: &run)
                    run.ran.append(step.id)
                    action = machine.stepSucceeded(index)
                } catch {
                    action = try await failed(index, phase: machine.steps[index].phase, error: error, machine: &machine, run: run)
                }
            case .runTogether(let indices):
                let steps = indices.map { run.plan.steps[$0] }
                do {
                    for step in steps { options.log?("\(step.id): \(step.summary)") }
                    try await executeTogether(steps, phase: machine.steps[indices[0]].phase, run: &run)
                    run.ran += steps.map(\.id)
                    action = machine.stepsSucceeded(indices)
                } catch {
                    action = try await failed(indices[0], phase: machine.steps[indices[0]].phase, error: error, machine: &machine, run: run)
                }
            case .undo(let index):
                let step = run.plan.steps[index]
                do {
                    options.log?("undo \(step.id)")
                    try await undo(step, index: index, phase: machine.steps[index].phase, run: &run)
                    run.undone.append(step.id)
                    action = machine.undoSucceeded(index)
                } catch let error as RolloutError {
                    throw error
                } catch {
                    action = try await failed(index, phase: machine.steps[index].phase, error: error, machine: &machine, run: run)
                }
            case .undoTogether(let indices):
                let steps = indices.map { run.plan.steps[$0] }
                do {
                    options.log?("undo \(steps.map(\.id).joined(separator: ", ")) together")
                    try await undoTogether(steps, phase: machine.steps[indices[0]].phase, run: &run)
                    run.undone += steps.map(\.id)
                    action = machine.undosSucceeded(indices)
                } catch let error as RolloutError {
                    throw error
                } catch {
                    action = try await failed(indices[0], phase: machine.steps[indices[0]].phase, error: error, machine: &machine, run: run)
                }
            case .pause:
                return
            case .markCompleted:
                try await RolloutStore.setStatus(run.session, migration: run.migration, status: .completed)
                return
            case .markRolledBack:
                try await RolloutStore.setStatus(run.session, migration: run.migration, status: .rolledBack)
                return
            case .markAborted:
                try await RolloutStore.log(run.session, migration: run.migration, step: "-", phase: machine.nextPhase ?? .contract,
                                           action: "abort", status: "done", operatorName: options.operatorName)
                try await RolloutStore.setStatus(run.session, migration: run.migration, status: .aborted)
                return
            case .fail(let error):
                throw error
            }
        }
    }

    private func failed(_ index: Int, phase: MigrationPlan.PhaseKind, error: any Error, machine: inout RolloutStateMachine,
                        run: Run) async throws -> RolloutStateMachine.Action {
        if let error = error as? RolloutError { throw error }
        let reason = (error as? any KeelError)?.message ?? "\(type(of: error))"
        let id = run.plan.steps[index].id
        try? await RolloutStore.log(run.session, migration: run.migration, step: id, phase: phase, action: "fail", status: "failed",
                                    message: reason, operatorName: options.operatorName)
        try? await RolloutStore.setError(run.session, migration: run.migration, error: "\(id): \(reason)")
        return machine.stepFailed(index, reason: reason)
    }

    private func checkGate(_ index: Int, machine: inout RolloutStateMachine, run: inout Run) async throws -> RolloutStateMachine.Action {
        let step = run.plan.steps[index]
        let phase = machine.steps[index].phase
        guard let gate = step.gate, let closed = RolloutGates.contract(gate, lineage: options.lineage) else {
            try await RolloutStore.log(run.session, migration: run.migration, step: step.id, phase: phase, action: "gate", status: "open",
                                       operatorName: options.operatorName)
            return machine.gateChecked(index, open: true, reason: "")
        }
        if options.force, let reason = options.reason {
            try await RolloutStore.log(run.session, migration: run.migration, step: step.id, phase: phase, action: "force", status: "forced",
                                       message: "\(reason) (gate: \(closed))", operatorName: options.operatorName)
            try await RolloutStore.recordForce(run.session, migration: run.migration, reason: "\(step.id): \(reason)")
            options.log?("\(step.id): gate forced open: \(reason)")
            run.warnings.append("\(step.id): gate forced: \(closed)")
            return machine.gateChecked(index, open: true, reason: closed)
        }
        try await RolloutStore.log(run.session, migration: run.migration, step: step.id, phase: phase, action: "gate", status: "closed",
                                   message: closed, operatorName: options.operatorName)
        return machine.gateChecked(index, open: false, reason: closed)
    }

    // MARK: State

    private func locked<T: Sendable>(_ body: (Session) async throws -> T) async throws -> T {
        try await Session.with(config, logger: logger) { session in
            guard try await RolloutStore.tryLock(session) else { throw RolloutError.busy(environment: options.environment) }
            do {
                let result = try await body(session)
                try? await RolloutStore.unlock(session)
                return result
            } catch {
                try? await session.execute("ROLLBACK")
                try? await RolloutStore.unlock(session)
                throw error
            }
        }
    }

    /// Only `start` creates Keel's schema: a refused `next`, `rollback` or `abort` on a database
    /// Keel never touched leaves it as it was.
    private func requireStarted(_ plan: MigrationPlan, _ session: Session) async throws {
        if try await !RolloutStore.exists(session) {
            throw RolloutError.notStarted(environment: options.environment, plan: plan.hash)
        }
    }

    private func migrationFor(_ command: Command, plan: MigrationPlan, session: Session) async throws -> Int64 {
        if let active = try await RolloutStore.active(session) {
            guard active.planHash == plan.hash.description else {
                throw RolloutError.otherActive(environment: options.environment, change: active.change, plan: Self.hash(of: active) ?? plan.hash)
            }
            return active.id
        }
        if command == .start {
            if let latest = try await RolloutStore.latest(session, plan: plan.hash), latest.status == RolloutStateMachine.Status.completed.rawValue {
                throw RolloutError.finished(environment: options.environment, status: latest.status)
            }
            let json = String(decoding: try CanonicalJSON.encode(plan), as: UTF8.self)
            return try await RolloutStore.insert(session, plan: plan, json: json, environment: options.environment, operatorName: options.operatorName)
        }
        if let latest = try await RolloutStore.latest(session, plan: plan.hash) {
            throw RolloutError.finished(environment: options.environment, status: latest.status)
        }
        throw RolloutError.notStarted(environment: options.environment, plan: plan.hash)
    }

    private func activeMigration(of plan: MigrationPlan, session: Session) async throws -> Int64 {
        guard let active = try await RolloutStore.active(session) else {
            if let latest = try await RolloutStore.latest(session, plan: plan.hash) {
                throw RolloutError.finished(environment: options.environment, status: latest.status)
            }
            throw RolloutError.notStarted(environment: options.environment, plan: plan.hash)
        }
        guard active.planHash == plan.hash.description else {
            throw RolloutError.otherActive(environment: options.environment, change: active.change, plan: Self.hash(of: active) ?? plan.hash)
        }
        return active.id
    }

    private func machine(for plan: MigrationPlan, migration: Int64, session: Session) async throws -> RolloutStateMachine {
        let states = try await RolloutStore.stepStates(session, migration: migration)
        return RolloutStateMachine(steps: Self.stepInfos(plan, retention: options.retention), states: states, status: .active,
                                   environment: options.environment)
    }

    private static func hash(of row: RolloutStore.Row) -> ContentHash? {
        (try? MigrationPlan.decode(Data(row.planJSON.utf8), path: "keel.migrations")).map(\.hash)
    }

    /// What the machine needs to know of each plan step.
    static func stepInfos(_ plan: MigrationPlan, retention: Duration?) -> [RolloutStateMachine.StepInfo] {
        var infos: [RolloutStateMachine.StepInfo] = []
        for phase in plan.phases {
            for step in phase.steps {
                let kind: RolloutStateMachine.StepInfo.Kind = step.backfill != nil ? .backfill : (step.statements.isEmpty ? .checkpoint : .statements)
                let reversible = step.rollback != nil || (retention != nil && Retention.restorable(step, in: plan))
                let together = phase.kind == .contract && kind == .statements && step.transactional ? step.table.map { "table:" + $0.quoted } : nil
                infos.append(.init(id: step.id, phase: phase.kind, kind: kind, gated: step.gate != nil, reversible: reversible, together: together))
            }
        }
        return infos
    }

    private static func record(_ row: RolloutStore.Row, session: Session) async throws -> RolloutRecord {
        let plan: MigrationPlan
        do { plan = try MigrationPlan.decode(Data(row.planJSON.utf8), path: "keel.migrations #\(row.id)") } catch {
            throw RolloutError.stateCorrupt(reason: "migration \(row.id)'s plan does not decode: \(error)")
        }
        let states = try await RolloutStore.stepStates(session, migration: row.id)
        let status = RolloutStateMachine.Status(rawValue: row.status) ?? .aborted
        let machine = RolloutStateMachine(steps: stepInfos(plan, retention: nil), states: states, status: status, environment: row.environment)
        let retired = try await RolloutStore.retired(session, migration: row.id).map {
            RolloutRecord.RetiredColumn(table: $0.table, column: $0.column.name, retiredAs: $0.retiredAs.name, retainUntil: $0.retainUntil,
                                        restored: $0.restored, purged: $0.purged)
        }
        return RolloutRecord(
            id: row.id, change: row.change, plan: plan.hash, environment: row.environment, status: status,
            completedPhase: machine.completedPhase, nextPhase: machine.nextPhase, step: row.step,
            stepsDone: zip(machine.steps, machine.states).filter { $1 == .done }.map(\.0.id), stepsTotal: machine.steps.count,
            operatorName: row.operatorName, forcedReason: row.forcedReason, lastError: row.lastError, startedAt: row.startedAt,
            updatedAt: row.updatedAt, finishedAt: row.finishedAt,
            backfills: try await RolloutStore.cursors(session, migration: row.id), retired: retired)
    }
}
