import ArgumentParser
import Foundation
import KeelAgent
import KeelCore
import KeelDiscover
import KeelMonitor
import KeelPostgres
import KeelRollout

/// `keel drift`: out-of-band schema changes since Keel's last recorded catalog.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Report schema changes made outside Keel since the catalog it recorded (the default: keel drift check).",
        discussion: """
            Every keel rollout command that runs or undoes steps records the target's catalog in its keel \
            schema (keel.catalog_snapshots). keel drift reads the live catalog and reports every difference \
            from the newest record, with the DDL that reproduces it and the DDL that reverts it. With DDL \
            capture installed (keel drift install-capture), each difference says who made it, when, from \
            which client and with which statement. The keel schema itself is never compared.

            Exit status: 0 no drift, 1 drift found, 2 no baseline recorded yet, usage, configuration or \
            connection error.

            Examples:
              keel drift --env production
              keel drift check --env staging --json > drift.json
              keel drift record --env production           # accept the schema as it is
              keel drift install-capture --env production  # superuser
            """,
        subcommands: [Check.self, Record.self, InstallCapture.self],
        defaultSubcommand: Check.self
    )
}

/// The target of every drift subcommand: an environment of keel.yaml, or a URL.
struct DriftTargetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The environment from keel.yaml.", valueName: "name"))
    var env: String?

    @Option(name: .long, help: ArgumentHelp("keel.yaml with the environments (default: ./keel.yaml).", valueName: "keel.yaml"))
    var config: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("Connect here instead of the environment's URL.", valueName: "url"))
    var database: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if env == nil && database == nil { throw ValidationError("pass --env NAME (an environment of keel.yaml) or --db URL") }
    }

    /// The environment's name and connection, resolved as keel rollout resolves them.
    func resolve() throws -> RolloutTarget {
        try RolloutRun.environments(try RolloutSupport.loadConfig(config)).target(env ?? "db", override: database)
    }
}

extension DriftCommand {
    /// `keel drift check`: compare the live catalog with the baseline.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the live catalog with the newest recorded one and report every difference.",
            discussion: """
                Reads the live catalog (read only, as keel discover does) and the newest row of \
                keel.catalog_snapshots, then lists what was added, dropped or changed: tables, columns \
                (type, nullability, default, identity, …), indexes (including ones left INVALID), constraints, \
                triggers, views, sequences, types, functions, extensions, schemas and comments. Each \
                difference comes with the DDL that reproduces it and the DDL that reverts it; with \
                --json, the drift report (docs/drift.md).

                Exit status: 0 no drift, 1 drift found, 2 no baseline, usage, configuration or connection error.

                Examples:
                  keel drift --env production
                  keel drift check --db postgres://app@db.internal/billing --json
                """)

        @OptionGroup var target: DriftTargetOptions

        func run() async throws {
            let resolved = try target.resolve()
            let live = try await Discoverer().discover(resolved.connection)
            let report = try await DriftDetector.check(live: live, config: resolved.connection, environment: resolved.name)
            if target.json {
                Terminal.stdout(data: try CanonicalJSON.encode(report))
            } else {
                Terminal.stdout(DriftText.render(report))
            }
            if report.drifted { throw ExitCode(ExitStatus.findings.rawValue) }
        }
    }
}
