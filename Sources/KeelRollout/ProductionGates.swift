public import KeelCore

/// Production's gates as every face applies them (`keel rollout` and the MCP rollout tools):
/// `start` needs a passing validation report for the plan, and every phase needs staging to have
/// completed it first. Non-production environments pass through unchanged. The contract's
/// lineage gate is checked by the executor itself, step by step.
public enum ProductionGates {
    /// Applies production's gates to a command's options.
    ///
    /// The validation gate is checked now. The staging gate is checked now too, read only, so a
    /// refusal leaves production untouched, and again under the rollout's lock before any phase
    /// runs (``RolloutOptions/beforeRunning``). With `options.force` and a reason, a closed gate is
    /// logged and recorded with the rollout instead of refusing.
    /// - Parameters:
    ///   - command: The command about to run.
    ///   - plan: The plan.
    ///   - target: The environment it runs on.
    ///   - validation: The validation report for the plan, if any.
    ///   - staging: The staging environment's name when given explicitly (`--staging`).
    ///   - environments: The project's environments, to find and reach staging.
    ///   - options: The executor's options; gains the overrides and the staging check.
    /// - Throws: ``RolloutError/validationMissing(reason:)``, ``RolloutError/stagingBehind(phase:staging:)``,
    ///   ``RolloutError/noStaging(production:)``, or an error reaching staging.
    public static func apply(_ command: RolloutExecutor.Command, plan: MigrationPlan, target: RolloutTarget, validation: ValidationReport?,
                             staging: String?, environments: RolloutEnvironments, options: inout RolloutOptions) async throws {
        guard target.production else { return }
        if command == .start, let problem = RolloutGates.validation(validation, for: plan) {
            guard options.force, let reason = options.reason else { throw RolloutError.validationMissing(reason: problem) }
            options.log?("gate forced: \(problem) (\(reason))")
            options.overrides.append("validation gate: \(problem)")
        }
        let stagingName = try environments.stagingName(for: target.name, explicit: staging)
        let gate = stagingGate(plan: plan, stagingName: stagingName, environments: environments, force: options.force, reason: options.reason,
                               log: options.log)
        options.beforeRunning = gate
        guard !options.force else { return }
        let phases = try await RolloutExecutor.pendingPhases(command, plan: plan, config: target.connection, environment: target.name)
        if !phases.isEmpty { _ = try await gate(phases) }
    }

    /// Production's staging gate: staging has completed every phase production is about to run.
    /// - Returns: A check for ``RolloutOptions/beforeRunning`` that returns the gate it forced, if any.
    static func stagingGate(plan: MigrationPlan, stagingName: String, environments: RolloutEnvironments, force: Bool, reason: String?,
                            log: (@Sendable (String) -> Void)?) -> @Sendable ([MigrationPlan.PhaseKind]) async throws -> [String] {
        { phases in
            let staging = try environments.target(stagingName)
            let machine = try await RolloutExecutor.machine(staging.connection, plan: plan, environment: staging.name)
            guard let behind = RolloutGates.staging(phases, staging: machine) else { return [] }
            guard force, let reason else { throw RolloutError.stagingBehind(phase: behind, staging: stagingName) }
            log?("gate forced: \(stagingName) has not completed \(behind.rawValue) (\(reason))")
            return ["staging gate: \(stagingName) has not completed \(behind.rawValue)"]
        }
    }
}
