import ArgumentParser
import Foundation
import KeelAgent
import KeelCore
import KeelLineage
import KeelPostgres
import KeelRollout

enum RolloutSupport {
    static func loadConfig(_ path: String?) throws -> KeelConfig? {
        let path = path ?? (FileManager.default.fileExists(atPath: KeelConfig.fileName) ? KeelConfig.fileName : nil)
        guard let path else { return nil }
        guard FileManager.default.fileExists(atPath: path) else { throw RolloutError.noConfig(path: path) }
        return try KeelConfig.load(path)
    }

    static func operatorName(_ given: String?) -> String {
        given ?? OSUser.operatorName()
    }

    /// The executor's options from the command line.
    static func options(_ target: RolloutTarget, _ common: RolloutTargetOptions, _ run: RolloutRunOptions?) throws -> RolloutOptions {
        var options = RolloutOptions(environment: target.name, operatorName: operatorName(common.operatorName))
        options.lockTimeout = .milliseconds(common.lockTimeout)
        options.retry = LockRetry(attempts: common.lockRetries)
        if let run {
            options.batchTarget = .milliseconds(run.batchTarget)
            options.batchPause = .milliseconds(run.batchPause)
            options.maxRowsPerSecond = run.maxRate
            options.retention = run.retainDays == 0 ? nil : .seconds(run.retainDays * 86_400)
            options.force = run.force
            options.reason = run.reason
            if let lineage = run.lineage { options.lineage = try LineageGraph.read(from: URL(fileURLWithPath: lineage)) }
        }
        options.log = { line in Terminal.stderr(line) }
        options.progress = BackfillBar.make()
        return options
    }

    /// Runs one rollout command through the path the MCP tools share (``RolloutRun``) and prints the outcome.
    static func run(_ common: RolloutTargetOptions, _ runOptions: RolloutRunOptions?, action: RolloutRun.Action, validation: String? = nil) async throws {
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: common.plan))
        let environments = RolloutRun.environments(try loadConfig(common.config))
        let target = try environments.target(common.env, override: common.database)
        let options = try Self.options(target, common, runOptions)
        // Only production's start reads the report, as before the gates moved.
        let report = target.production && action == .advance(.start)
            ? try validation.map { try ValidationReport.read(from: URL(fileURLWithPath: $0)) } : nil
        let outcome = try await RolloutRun.run(action, plan: plan, target: target, environments: environments, validation: report,
                                               staging: runOptions?.staging, options: options)
        render(outcome, plan: plan, environment: target.name, json: common.json)
    }

    static func render(_ outcome: RolloutExecutor.Outcome, plan: MigrationPlan, environment: String, json: Bool) {
        if json {
            let object: [String: String] = [
                "environment": environment, "plan": plan.hash.description, "status": outcome.status.rawValue,
                "completedPhase": outcome.completedPhase?.rawValue ?? "", "nextPhase": outcome.nextPhase?.rawValue ?? "",
                "ran": outcome.ran.joined(separator: ","), "undone": outcome.undone.joined(separator: ","),
                "warnings": outcome.warnings.joined(separator: "\n"),
            ]
            if let data = try? CanonicalJSON.encode(object) { Terminal.stdout(data: data) }
            return
        }
        var line = "\(plan.change) on \(environment): \(outcome.status.rawValue)"
        if let phase = outcome.completedPhase { line += ", completed through \(phase.title.lowercased())" }
        if outcome.status == .active, let next = outcome.nextPhase { line += "; next: \(next.title.lowercased()) (keel rollout next)" }
        Terminal.stdout(line)
        if !outcome.ran.isEmpty { Terminal.stdout("  ran: \(outcome.ran.joined(separator: ", "))") }
        if !outcome.undone.isEmpty { Terminal.stdout("  undone: \(outcome.undone.joined(separator: ", "))") }
        for warning in outcome.warnings { Terminal.stdout("  warning: \(warning)") }
    }
}

/// The backfill progress bar on a terminal (rate and ETA), one line per 10% otherwise (drawn by
/// ``ProgressBar``, shared with `keel validate`).
enum BackfillBar {
    static func make() -> @Sendable (BackfillProgress) -> Void {
        let bar = ProgressBar()
        return { progress in
            bar.show(progress.step, done: progress.rowsDone, total: progress.rowsTotal, rowsPerSecond: progress.rowsPerSecond,
                     eta: progress.etaSeconds, detail: "batch \(progress.batchSize)", finished: progress.finished)
        }
    }
}
