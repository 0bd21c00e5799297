import ArgumentParser
import Foundation
import KeelCore
import Logging

/// The `keel` command: routes to one subcommand per pipeline stage.
@main
struct Keel: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "keel",
        abstract: "Change production PostgreSQL schemas without breaking anything downstream.",
        discussion: """
            Keel works as a pipeline: discover the catalog, build lineage, plan an expand/contract \
            migration, validate it in a sandbox, roll it out, and monitor afterwards.

            Exit status: 0 success, 1 a check found problems, 2 usage, configuration or connection error.

            Examples:
              keel discover --db postgres://app@db.internal/billing --out catalog.json
              keel discover --dump schema.sql --json
              keel pg start --dir /tmp/sandbox
            """,
        version: version,
        subcommands: [DemoCommand.self, DiscoverCommand.self, LineageCommand.self, ImpactCommand.self, PlanCommand.self, ValidateCommand.self, ReportCommand.self, RolloutCommand.self, DriftCommand.self, MonitorCommand.self, DiffCommand.self, LintCommand.self, FindCommand.self, SpecCommand.self, PgCommand.self, InitCommand.self, McpCommand.self]
    )

    /// Maps every failure to Keel's exit-status contract: KeelError → its status (2 for failures),
    /// usage errors → 2 (argument-parser's default would be 64), `ExitCode` passes through.
    static func main() async {
        // Logs go to stderr; stdout carries results. KEEL_LOG_LEVEL=debug shows timings.
        let level = ProcessInfo.processInfo.environment["KEEL_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any KeelError {
            Terminal.error(error)
            Foundation.exit(error.exitStatus.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.stderr(fullMessage(for: error))
                Foundation.exit(ExitStatus.failure.rawValue)
            }
            exit(withError: error)
        }
    }
}
