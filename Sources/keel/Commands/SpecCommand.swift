import ArgumentParser
import Foundation
import KeelCore
import KeelPlan

/// `keel spec`: work with change specs without a database.
struct SpecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec",
        abstract: "Check change specs.",
        subcommands: [Validate.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check a change spec's shape (no database needed).",
            discussion: """
                Reports the first problem with its line, the operation's index and the field. \
                Names and expressions are checked against the catalog by keel plan.

                Exit status: 0 valid, 2 invalid or unreadable.

                Examples:
                  keel spec validate change.yaml
                  keel spec validate change.json --json
                """)

        @Argument(help: ArgumentHelp("The change spec.", valueName: "change.yaml"))
        var spec: String

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            do {
                let loaded = try ChangeSpecLoader.load(path: spec)
                if json {
                    let summary: [String: String] = ["valid": "true", "change": loaded.spec.change,
                                                     "operations": loaded.spec.operations.map(\.name).joined(separator: ",")]
                    Terminal.stdout(data: try CanonicalJSON.encode(summary))
                } else {
                    Terminal.stdout("\(spec): valid: \(loaded.spec.change), \(loaded.spec.operations.count) operation\(loaded.spec.operations.count == 1 ? "" : "s") (\(loaded.spec.operations.map(\.name).joined(separator: ", ")))")
                }
            } catch let error as PlanError {
                if json {
                    Terminal.stdout(data: try CanonicalJSON.encode(["valid": "false", "code": error.code, "message": error.message]))
                    throw ExitCode(ExitStatus.failure.rawValue)
                }
                throw error
            }
        }
    }
}
