import ArgumentParser
import Foundation
import KeelCore
import KeelLineage
import KeelPostgres
import KeelRollout

/// `keel rollout`: roll a validated plan through staging into production, phase by phase.
struct RolloutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Roll a validated plan through staging into production, phase by phase, with a way back.",
        discussion: """
            State lives in each target database's keel schema (migrations, step_log, backfill_cursors, \
            retired_columns); one migration is active per database. Every DDL statement runs with \
            lock_timeout (default 500 ms) and is retried with backoff on SQLSTATE 55P03; backfills run in \
            keyset batches sized to --batch-target and resume from their cursor after a crash.

            Production (production: true in keel.yaml) needs a passing validation report for the same \
            plan and catalog (start --validation) and the plan completed on staging through each phase \
            it runs. The contract needs lineage rebuilt after the consumers moved (--lineage) showing \
            no reader left. --force --reason TEXT overrides a gate; the reason is recorded.

            Exit status: 0 done, 1 a gate refused, 2 usage, configuration, connection or a failed step.

            Examples:
              keel rollout start plan.json --env staging
              keel rollout next plan.json --env staging     # one phase per call
              keel rollout complete plan.json --env staging --lineage lineage.after.json
              keel rollout start plan.json --env production --validation validation.json
              keel rollout status --config keel.yaml
              keel rollout rollback plan.json --env production
            """,
        subcommands: [Start.self, Next.self, Complete.self, Status.self, Rollback.self, Abort.self]
    )
}

/// Flags every rollout subcommand that targets one environment shares.
struct RolloutTargetOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The plan from keel plan.", valueName: "plan.json"))
    var plan: String

    @Option(name: .long, help: ArgumentHelp("The environment from keel.yaml.", valueName: "name"))
    var env: String

    @Option(name: .long, help: ArgumentHelp("keel.yaml with the environments (default: ./keel.yaml).", valueName: "keel.yaml"))
    var config: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("Connect here instead of the environment's URL.", valueName: "url"))
    var database: String?

    @Option(name: .customLong("operator"), help: ArgumentHelp("Who runs the rollout, recorded with it (default: $USER).", valueName: "name"))
    var operatorName: String?

    @Option(name: .long, help: ArgumentHelp("lock_timeout for every DDL statement and batch, in ms.", valueName: "ms"))
    var lockTimeout = 500

    @Option(name: .long, help: ArgumentHelp("Attempts per statement on lock timeout (55P03) before giving up.", valueName: "n"))
    var lockRetries = 30

    @Flag(name: .long, help: "Print the outcome as JSON.")
    var json = false

    func validate() throws {
        if lockTimeout < 1 { throw ValidationError("--lock-timeout must be at least 1 ms") }
        if lockRetries < 1 { throw ValidationError("--lock-retries must be at least 1") }
    }
}

/// Flags of the commands that run phases.
struct RolloutRunOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Lineage rebuilt after the consumers moved, for the contract gate.", valueName: "lineage.json"))
    var lineage: String?

    @Option(name: .long, help: ArgumentHelp("The staging environment production waits for (default: the one named staging, or the only non-production one).", valueName: "name"))
    var staging: String?

    @Option(name: .long, help: ArgumentHelp("Target wall time of one backfill batch, in ms; the batch size adapts.", valueName: "ms"))
    var batchTarget = 200

    @Option(name: .long, help: ArgumentHelp("Pause after each backfill batch, in ms.", valueName: "ms"))
    var batchPause = 0

    @Option(name: .long, help: ArgumentHelp("At most this many backfilled rows per second.", valueName: "rows"))
    var maxRate: Int?

    @Option(name: .long, help: ArgumentHelp("Keep columns the contract drops, renamed, for this many days so rollback can restore them (0: drop at once).", valueName: "days"))
    var retainDays = 7

    @Flag(name: .long, help: "Override closed gates (needs --reason).")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Why the gates are overridden; recorded in keel.migrations and keel.step_log.", valueName: "text"))
    var reason: String?

    func validate() throws {
        if force && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--force needs --reason TEXT") }
        if batchTarget < 1 { throw ValidationError("--batch-target must be at least 1 ms") }
        if batchPause < 0 || retainDays < 0 { throw ValidationError("--batch-pause and --retain-days cannot be negative") }
        if let maxRate, maxRate < 1 { throw ValidationError("--max-rate must be at least 1") }
    }
}
