import ArgumentParser
import Foundation
import KeelAgent
import KeelCore
import KeelLineage
import KeelMonitor
import KeelPostgres
import KeelRollout

/// `keel monitor`: query, index and data health of a plan's touched objects since its rollout started.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Check a rolled-out plan's tables for slower queries, lost or invalid indexes and data drift (the default: keel monitor check).",
        discussion: """
            keel rollout start stores a "before" snapshot of the objects the plan touches in the target's \
            keel schema (keel.monitor_snapshots): pg_stat_statements counters of the queries that reference \
            them, scan counters of the tables and indexes, and the row and null counts of the changed columns. \
            keel monitor reads them again and reports the difference: queries whose mean time grew by \
            mean_time_ratio, tables whose scans turned sequential, indexes that disappeared or are INVALID, \
            null rates and row counts that moved, judged with keel.yaml's monitor: thresholds (docs/monitor.md). \
            Without pg_stat_statements it says how to enable it and checks the rest. Read only.

            Exit status: 0 no regression, 1 a regression found, 2 no snapshot, usage, configuration or \
            connection error.

            Examples:
              keel monitor plan.json --env production
              keel monitor check plan.json --env staging --json > monitor.json
              keel monitor snapshot plan.json --env production   # the "before", by hand
            """,
        subcommands: [Check.self, Snapshot.self],
        defaultSubcommand: Check.self
    )
}

/// The plan and target of every monitor subcommand.
struct MonitorOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The plan (plan.json) that was rolled out.", valueName: "plan.json"))
    var plan: String

    @Option(name: .long, help: ArgumentHelp("The environment from keel.yaml.", valueName: "name"))
    var env: String

    @Option(name: .long, help: ArgumentHelp("keel.yaml with the environments and monitor thresholds (default: ./keel.yaml).", valueName: "keel.yaml"))
    var config: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("Connect here instead of the environment's URL.", valueName: "url"))
    var database: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    /// The plan, keel.yaml's thresholds and the target; everything is checked before connecting.
    func resolve() throws -> (MigrationPlan, MonitorThresholds, RolloutTarget) {
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: plan))
        let loaded = try RolloutSupport.loadConfig(config)
        let target = try RolloutRun.environments(loaded).target(env, override: database)
        return (plan, loaded?.monitor ?? .defaults, target)
    }
}

extension MonitorCommand {
    /// `keel monitor check`: the report.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the plan's touched objects now with the snapshot taken when its rollout started.",
            discussion: """
                Findings by kind, each with its numbers: querySlower, seqScanGrowth, indexDisappeared, \
                indexInvalid, nullRateIncrease and rowCountDrop are regressions; queryNew (a query that only \
                exists after the change) and notes are not. --json prints the monitor report (docs/monitor.md).

                Exit status: 0 no regression, 1 a regression found, 2 no snapshot, usage, configuration or connection error.

                Examples:
                  keel monitor plan.json --env production
                  keel monitor check plan.json --env staging --db postgres://app@db.internal/billing --json
                """)

        @OptionGroup var options: MonitorOptions

        func run() async throws {
            let (plan, thresholds, target) = try options.resolve()
            let report = try await ChangeMonitor.check(plan: plan, environment: target.name, thresholds: thresholds, config: target.connection)
            if options.json {
                Terminal.stdout(data: try CanonicalJSON.encode(report))
            } else {
                Terminal.stdout(MonitorText.render(report))
            }
            if report.regressed { throw ExitCode(ExitStatus.findings.rawValue) }
        }
    }

    /// `keel monitor snapshot`: take the "before" by hand.
    struct Snapshot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store the \"before\" of a plan's touched objects now, replacing any earlier one.",
            discussion: """
                keel rollout start takes it by itself (and keeps the first one when a start is resumed). \
                Take it by hand before a change Keel did not start, or again after enabling pg_stat_statements. \
                Creates keel.monitor_snapshots when missing (needs CREATE on the database).

                Examples:
                  keel monitor snapshot plan.json --env production
                  keel monitor snapshot plan.json --env staging --operator alice --json
                """)

        @OptionGroup var options: MonitorOptions

        @Option(name: .customLong("operator"), help: ArgumentHelp("Who takes it (default: $USER).", valueName: "name"))
        var operatorName: String?

        func run() async throws {
            let (plan, thresholds, target) = try options.resolve()
            let stored = try await MonitorSnapshotStore.take(plan: plan, environment: target.name, thresholds: thresholds, source: .manual,
                                                             operator: RolloutSupport.operatorName(operatorName), config: target.connection)
            guard let stored else { return }
            if options.json {
                Terminal.stdout(data: try CanonicalJSON.encode(stored.snapshot))
                return
            }
            let snapshot = stored.snapshot
            var line = "snapshot of plan \(plan.hash.short) on \(target.name): \(snapshot.tables.count) table(s), \(snapshot.indexes.count) index(es), \(snapshot.statements.count) query(ies), \(snapshot.columns.count) column(s), by \(stored.info.takenBy)"
            if let unavailable = snapshot.statementsUnavailable { line += "\nnote: \(unavailable)" }
            Terminal.stdout(line)
        }
    }
}
