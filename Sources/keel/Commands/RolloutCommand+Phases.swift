import ArgumentParser
import Foundation
import KeelAgent
import KeelCore
import KeelLineage
import KeelPostgres
import KeelRollout

extension RolloutCommand {
    /// `keel rollout start`: create the rollout and run the expand phase.
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a rollout: record it in the environment's keel schema and run the expand phase.",
            discussion: """
                On a production environment this needs --validation with a passing report for the same plan \
                hash and catalog fingerprint, and staging must have completed the expand phase of the same plan.
                Running start again continues an interrupted expand phase.

                Examples:
                  keel rollout start plan.json --env staging
                  keel rollout start plan.json --env production --validation validation.json
                """)

        @OptionGroup var target: RolloutTargetOptions
        @OptionGroup var phases: RolloutRunOptions

        @Option(name: .long, help: ArgumentHelp("The passing report from keel validate (production).", valueName: "validation.json"))
        var validation: String?

        func run() async throws {
            try await RolloutSupport.run(target, phases, action: .advance(.start), validation: validation)
        }
    }

    /// `keel rollout next`: run the next phase.
    struct Next: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the next phase (backfill, dual write, migrate consumers, contract), or resume an interrupted one.",
            discussion: """
                A backfill resumes from its stored cursor, so after a crash or kill -9 the same command continues. \
                The migrate-consumers phase is a checkpoint: run next once the patched consumers are deployed. \
                It ends with the cutover: new sessions default to the new version schema (<schema>_v<N>); \
                applications that pin their search_path keep their version, and rollback restores the default. \
                The contract needs --lineage rebuilt after that, showing no consumer of what it drops.

                Examples:
                  keel rollout next plan.json --env staging
                  keel rollout next plan.json --env staging --batch-target 100 --max-rate 5000
                  keel rollout next plan.json --env staging --lineage lineage.after.json
                """)

        @OptionGroup var target: RolloutTargetOptions
        @OptionGroup var phases: RolloutRunOptions

        func run() async throws {
            try await RolloutSupport.run(target, phases, action: .advance(.next))
        }
    }

    /// `keel rollout complete`: run every remaining phase.
    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every remaining phase through the contract; on a completed rollout, drop retired columns whose retention ended.",
            discussion: """
                Examples:
                  keel rollout complete plan.json --env staging --lineage lineage.after.json
                  keel rollout complete plan.json --env production --lineage lineage.after.json --retain-days 14
                """)

        @OptionGroup var target: RolloutTargetOptions
        @OptionGroup var phases: RolloutRunOptions

        func run() async throws {
            try await RolloutSupport.run(target, phases, action: .advance(.complete))
        }
    }

    /// `keel rollout rollback`: undo every done step, last first.
    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo the active rollout, last step first: drop what expand added and restore the original.",
            discussion: """
                Every phase before the contract can be undone. After the contract, a dropped column kept by \
                retention (--retain-days) is renamed back and the dual-write trigger recreated.

                Examples:
                  keel rollout rollback plan.json --env staging
                """)

        @OptionGroup var target: RolloutTargetOptions

        func run() async throws {
            try await RolloutSupport.run(target, nil, action: .rollback)
        }
    }

    /// `keel rollout abort`: stop without undoing.
    struct Abort: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark the active rollout aborted without running any SQL, freeing the environment.",
            discussion: """
                Use it to take over by hand after a failure; keel rollout rollback is the way to undo.

                Examples:
                  keel rollout abort plan.json --env staging
                """)

        @OptionGroup var target: RolloutTargetOptions

        func run() async throws {
            try await RolloutSupport.run(target, nil, action: .abort)
        }
    }

    /// `keel rollout status`: where every environment stands.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where the plan (or every rollout) stands in each environment.",
            discussion: """
                Reads each environment's keel schema (never writes). Without --env, every environment of keel.yaml \
                is shown; one that cannot be reached is reported and the others still are.

                Exit status: 0 shown, 2 configuration error or no environment could be read.

                Examples:
                  keel rollout status plan.json
                  keel rollout status --env production --json
                """)

        @Argument(help: ArgumentHelp("Only this plan's rollouts.", valueName: "plan.json"))
        var plan: String?

        @Option(name: .long, help: ArgumentHelp("Only this environment.", valueName: "name"))
        var env: String?

        @Option(name: .long, help: ArgumentHelp("keel.yaml with the environments (default: ./keel.yaml).", valueName: "keel.yaml"))
        var config: String?

        @Option(name: .customLong("db"), help: ArgumentHelp("Connect here instead of the environment's URL (needs --env).", valueName: "url"))
        var database: String?

        @Flag(name: .long, help: "Print the records as JSON.")
        var json = false

        func validate() throws {
            if database != nil && env == nil { throw ValidationError("--db needs --env NAME") }
        }

        func run() async throws {
            let plan = try self.plan.map { try MigrationPlan.read(from: URL(fileURLWithPath: $0)) }
            let config = try RolloutSupport.loadConfig(self.config)
            let environments = RolloutRun.environments(config)
            let names = env.map { [$0] } ?? environments.names
            if names.isEmpty { throw RolloutError.noConfig(path: self.config ?? KeelConfig.fileName) }
            let overview = try await environments.status(of: names, override: database, plan: plan?.hash, strict: env != nil)
            let all = overview.environments
            let failures = overview.unreachable
            if json {
                Terminal.stdout(data: try CanonicalJSON.encode(overview))
                return
            }
            for name in names {
                if let failure = failures[name] { Terminal.stdout("\(name): unreachable (\(failure))"); continue }
                let records = all[name] ?? []
                if records.isEmpty { Terminal.stdout("\(name): no rollout" + (plan == nil ? "" : " of this plan")); continue }
                for record in records {
                    var line = "\(name): \(record.change) \(record.plan.short) \(record.status.rawValue), \(record.stepsDone.count)/\(record.stepsTotal) steps"
                    if let phase = record.completedPhase { line += ", through \(phase.title.lowercased())" }
                    if record.status == .active, let next = record.nextPhase { line += ", next \(next.title.lowercased())" }
                    line += " (by \(record.operatorName))"
                    Terminal.stdout(line)
                    for cursor in record.backfills {
                        Terminal.stdout("  \(cursor.step): \(cursor.rowsDone) rows in \(cursor.batches) batches" + (cursor.done ? ", done" : ", at key \(cursor.lastKey ?? "start")"))
                    }
                    for retired in record.retired where !retired.purged && !retired.restored {
                        Terminal.stdout("  kept \(retired.table.display).\(retired.column) as \(retired.retiredAs) until \(retired.retainUntil)")
                    }
                    if let reason = record.forcedReason { Terminal.stdout("  forced: \(reason)") }
                    if let error = record.lastError { Terminal.stdout("  last error: \(error)") }
                }
            }
        }
    }
}
