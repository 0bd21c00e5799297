import ArgumentParser
import Foundation
import KeelCore
import KeelLineage
import KeelPostgres
import KeelRollout

/// Configuration problems of `keel rollout` (exit 2).
enum RolloutCLIError: KeelError {
    case noConfig(path: String)
    case unknownEnvironment(name: String, known: [String])
    case environmentUnset(name: String, variable: String)
    case noStaging(production: String)

    var code: String {
        switch self {
        case .noConfig: "rollout.no-config"
        case .unknownEnvironment: "rollout.unknown-environment"
        case .environmentUnset: "rollout.environment-unset"
        case .noStaging: "rollout.no-staging"
        }
    }

    var message: String {
        switch self {
        case .noConfig(let path): "no keel.yaml at \(path)"
        case .unknownEnvironment(let name, let known):
            "keel.yaml has no environment \"\(name)\"" + (known.isEmpty ? "" : " (it has \(known.joined(separator: ", ")))")
        case .environmentUnset(let name, let variable): "environment \(name) takes its URL from $\(variable), which is not set"
        case .noStaging(let production): "cannot tell which environment is staging for \(production)"
        }
    }

    var hint: String? {
        switch self {
        case .noConfig: "pass --config keel.yaml, or --db URL (then the environment counts as non-production)"
        case .unknownEnvironment: "add it under environments: in keel.yaml (docs/keel-yaml.md)"
        case .environmentUnset(_, let variable): "export \(variable)=postgres://…, or pass --db URL"
        case .noStaging: "pass --staging NAME"
        }
    }
}

/// A resolved environment: its connection and whether it is production.
struct RolloutTarget {
    var name: String
    var connection: ConnectionConfig
    var production: Bool
}

enum RolloutSupport {
    static func loadConfig(_ path: String?) throws -> KeelConfig? {
        let path = path ?? (FileManager.default.fileExists(atPath: KeelConfig.fileName) ? KeelConfig.fileName : nil)
        guard let path else { return nil }
        guard FileManager.default.fileExists(atPath: path) else { throw RolloutCLIError.noConfig(path: path) }
        return try KeelConfig.load(path)
    }

    static func target(_ name: String, config: KeelConfig?, override: String?) throws -> RolloutTarget {
        let environment = config?.environment(name)
        if let override {
            return RolloutTarget(name: name, connection: try ConnectionResolver.process.resolve(override), production: environment?.production ?? false)
        }
        guard let config else { throw RolloutCLIError.noConfig(path: KeelConfig.fileName) }
        guard let environment else { throw RolloutCLIError.unknownEnvironment(name: name, known: config.environments.map(\.name)) }
        guard let url = environment.connectionString(environment: ProcessInfo.processInfo.environment) else {
            if case .environmentVariable(let variable) = environment.connection { throw RolloutCLIError.environmentUnset(name: name, variable: variable) }
            throw RolloutCLIError.unknownEnvironment(name: name, known: config.environments.map(\.name))
        }
        return RolloutTarget(name: name, connection: try ConnectionResolver.process.resolve(url), production: environment.production)
    }

    static func stagingName(for production: String, explicit: String?, config: KeelConfig?) throws -> String {
        if let explicit { return explicit }
        let candidates = (config?.environments ?? []).filter { !$0.production }
        if let named = candidates.first(where: { $0.name == "staging" }) { return named.name }
        if candidates.count == 1, let only = candidates.first { return only.name }
        throw RolloutCLIError.noStaging(production: production)
    }

    static func operatorName(_ given: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        return given ?? environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
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

    /// Production's staging gate: staging has completed every phase production is about to run.
    static func stagingGate(plan: MigrationPlan, stagingName: String, config: KeelConfig?, force: Bool, reason: String?)
        -> @Sendable ([MigrationPlan.PhaseKind]) async throws -> [String] {
        { phases in
            let staging = try Self.target(stagingName, config: config, override: nil)
            let machine = try await RolloutExecutor.machine(staging.connection, plan: plan, environment: staging.name)
            if let behind = RolloutGates.staging(phases, staging: machine) {
                if force, let reason {
                    Terminal.stderr("gate forced: \(stagingName) has not completed \(behind.rawValue) (\(reason))")
                    return ["staging gate: \(stagingName) has not completed \(behind.rawValue)"]
                }
                throw RolloutError.stagingBehind(phase: behind, staging: stagingName)
            }
            return []
        }
    }

    static func run(_ common: RolloutTargetOptions, _ runOptions: RolloutRunOptions?, command: RolloutExecutor.Command?,
                    validation: String? = nil, body: ((RolloutExecutor, MigrationPlan) async throws -> RolloutExecutor.Outcome)? = nil) async throws {
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: common.plan))
        let config = try loadConfig(common.config)
        let resolved = try Self.target(common.env, config: config, override: common.database)
        var options = try Self.options(resolved, common, runOptions)
        if resolved.production, let command {
            let force = runOptions?.force ?? false
            let reason = runOptions?.reason
            if command == .start {
                let report = try validation.map { try ValidationReport.read(from: URL(fileURLWithPath: $0)) }
                if let problem = RolloutGates.validation(report, for: plan) {
                    guard force, let reason else { throw RolloutError.validationMissing(reason: problem) }
                    Terminal.stderr("gate forced: \(problem) (\(reason))")
                    options.overrides.append("validation gate: \(problem)")
                }
            }
            let staging = try stagingName(for: resolved.name, explicit: runOptions?.staging, config: config)
            options.beforeRunning = stagingGate(plan: plan, stagingName: staging, config: config, force: force, reason: reason)
        }
        let executor = RolloutExecutor(config: resolved.connection, options: options)
        let outcome: RolloutExecutor.Outcome
        if let body {
            outcome = try await body(executor, plan)
        } else if let command {
            outcome = try await executor.advance(command, plan: plan)
        } else {
            return
        }
        render(outcome, plan: plan, environment: resolved.name, json: common.json)
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

/// The backfill progress bar on a terminal (rate and ETA), one line per 10% otherwise.
enum BackfillBar {
    static func make() -> @Sendable (BackfillProgress) -> Void {
        let terminal = Terminal.stderrIsTerminal
        let lastDecile = Decile()
        return { progress in
            let total = max(progress.rowsTotal ?? 0, progress.rowsDone)
            let fraction = total > 0 ? Double(progress.rowsDone) / Double(total) : 1
            let rate = Int(progress.rowsPerSecond)
            let eta = progress.etaSeconds.map { "\(Int($0.rounded())) s" } ?? "?"
            if terminal {
                let width = 30
                let filled = min(width, Int(fraction * Double(width)))
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                let text = "\r\(progress.step) [\(bar)] \(progress.rowsDone)/\(total) rows, \(rate) rows/s, ETA \(eta), batch \(progress.batchSize)"
                FileHandle.standardError.write(Data((progress.finished ? text + "\n" : text).utf8))
            } else if lastDecile.advance(to: Int(fraction * 10)) || progress.finished {
                Terminal.stderr("\(progress.step): \(progress.rowsDone)/\(total) rows, \(rate) rows/s, ETA \(eta)")
            }
        }
    }

    /// The last 10% mark printed (thread-safe).
    final class Decile: @unchecked Sendable {
        // Safe: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value = -1
        func advance(to decile: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard decile > value else { return false }
            value = decile
            return true
        }
    }
}
