import KeelCore
import KeelRollout
import Testing

/// The rollout's rules without a database (postgres-nio style): feed events, expect actions.
@Suite struct RolloutStateMachineTests {
    typealias Machine = RolloutStateMachine
    typealias Info = RolloutStateMachine.StepInfo

    static let steps: [Info] = [
        Info(id: "expand.1", phase: .expand, kind: .statements, gated: false, reversible: true),
        Info(id: "expand.2", phase: .expand, kind: .statements, gated: false, reversible: true),
        Info(id: "backfill.1", phase: .backfill, kind: .backfill, gated: false, reversible: true),
        Info(id: "dual-write.1", phase: .dualWrite, kind: .statements, gated: false, reversible: true),
        Info(id: "migrate-consumers.1", phase: .migrateConsumers, kind: .checkpoint, gated: false, reversible: true),
        Info(id: "contract.1", phase: .contract, kind: .statements, gated: true, reversible: false),
    ]

    @Test func startRunsTheExpandPhaseThenPauses() {
        var machine = Machine(steps: Self.steps, environment: "staging")
        #expect(machine.advance(through: .expand) == .run(0))
        #expect(machine.stepSucceeded(0) == .run(1))
        #expect(machine.stepSucceeded(1) == .pause(after: .expand))
        #expect(machine.status == .active)
        #expect(machine.completedPhase == .expand)
        #expect(machine.nextPhase == .backfill)
    }

    @Test func nextResumesAtTheFirstStepNotDone() {
        var machine = Machine(steps: Self.steps, states: ["expand.1": .done], environment: "staging")
        #expect(machine.advance(through: .expand) == .run(1))
        #expect(machine.completedPhase == nil)
    }

    @Test func theContractAsksForItsGateAndStopsWhenClosed() {
        var machine = Machine(steps: Self.steps, states: Dictionary(uniqueKeysWithValues: Self.steps.prefix(5).map { ($0.id, .done) }),
                              environment: "staging")
        #expect(machine.advance(through: .contract) == .checkGate(5))
        #expect(machine.gateChecked(5, open: false, reason: "stg_invoices reads amount")
            == .fail(.gateClosed(step: "contract.1", reason: "stg_invoices reads amount")))
        #expect(machine.advance(through: .contract) == .checkGate(5))
        #expect(machine.gateChecked(5, open: true, reason: "") == .run(5))
        #expect(machine.stepSucceeded(5) == .markCompleted)
        #expect(machine.status == .completed)
        #expect(machine.advance(through: .contract) == .fail(.finished(environment: "staging", status: "completed")))
    }

    @Test func contractStepsOnOneTableRunTogetherOnceEveryGateIsOpen() {
        let steps = Self.steps.prefix(5) + [
            Info(id: "contract.1", phase: .contract, kind: .statements, gated: true, reversible: true, together: "invoices"),
            Info(id: "contract.2", phase: .contract, kind: .statements, gated: true, reversible: true, together: "invoices"),
        ]
        var machine = Machine(steps: Array(steps), states: Dictionary(uniqueKeysWithValues: Self.steps.prefix(5).map { ($0.id, .done) }),
                              environment: "staging")
        #expect(machine.advance(through: .contract) == .checkGate(5))
        #expect(machine.gateChecked(5, open: true, reason: "") == .checkGate(6))
        #expect(machine.gateChecked(6, open: true, reason: "") == .runTogether([5, 6]))
        #expect(machine.stepsSucceeded([5, 6]) == .markCompleted)
        // …and are undone together, last first.
        var back = Machine(steps: Array(steps), states: Dictionary(uniqueKeysWithValues: steps.map { ($0.id, .done) }), environment: "staging")
        #expect(back.rollback() == .undoTogether([6, 5]))
        #expect(back.undosSucceeded([6, 5]) == .undo(4))
    }

    @Test func aFailedStepStopsAndStaysPending() {
        var machine = Machine(steps: Self.steps, environment: "staging")
        #expect(machine.advance(through: .backfill) == .run(0))
        #expect(machine.stepFailed(0, reason: "boom") == .fail(.stepFailed(step: "expand.1", underlying: "boom")))
        #expect(machine.states[0] == .pending)
        #expect(machine.advance(through: .backfill) == .run(0))
    }

    @Test func rollbackUndoesDoneStepsLastFirst() {
        var machine = Machine(steps: Self.steps, states: ["expand.1": .done, "expand.2": .done, "backfill.1": .done], environment: "staging")
        #expect(machine.rollback() == .undo(2))
        #expect(machine.undoSucceeded(2) == .undo(1))
        #expect(machine.undoSucceeded(1) == .undo(0))
        #expect(machine.undoSucceeded(0) == .markRolledBack)
        #expect(machine.status == .rolledBack)
    }

    @Test func rollbackRefusesAnIrreversibleStep() {
        var machine = Machine(steps: Self.steps, states: Dictionary(uniqueKeysWithValues: Self.steps.map { ($0.id, .done) }),
                              status: .active, environment: "staging")
        #expect(machine.rollback() == .fail(.irreversible(step: "contract.1")))
    }

    @Test func abortMarksTheRolloutWithoutUndoing() {
        var machine = Machine(steps: Self.steps, states: ["expand.1": .done], environment: "staging")
        #expect(machine.abort() == .markAborted)
        #expect(machine.status == .aborted)
        #expect(machine.states[0] == .done)
        #expect(machine.rollback() == .fail(.finished(environment: "staging", status: "aborted")))
    }

    @Test func pendingPhasesAndCompletionFeedTheStagingGate() {
        let machine = Machine(steps: Self.steps, states: ["expand.1": .done, "expand.2": .done], environment: "staging")
        #expect(machine.completed(through: .expand))
        #expect(!machine.completed(through: .backfill))
        #expect(machine.pendingPhases(through: .dualWrite) == [.backfill, .dualWrite])
        #expect(RolloutGates.staging([.expand], staging: machine) == nil)
        #expect(RolloutGates.staging([.backfill], staging: machine) == .backfill)
        #expect(RolloutGates.staging([.expand], staging: nil) == .expand)
    }

    @Test func undoneStepsRunAgainOnTheWayForward() {
        var machine = Machine(steps: Self.steps, states: ["expand.1": .undone], environment: "staging")
        #expect(machine.advance(through: .expand) == .run(0))
    }
}
