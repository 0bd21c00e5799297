import ArgumentParser
import Foundation
import KeelCore
import KeelReport

/// `keel report`: one self-contained HTML page for reviewing a change.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML review page: impact graph, plan timeline, patches, validation.",
        discussion: """
            Reads the plan and, when given, the lineage graph, the validation report and the catalog, \
            and writes one HTML file with its styles and script inline (it loads nothing from the \
            network): a summary with the verdict and the rollout gates per environment; the impact \
            graph around the changed columns (consumers grouped by kind, DIRECT and INDIRECT edges, \
            each box showing its SQL and its path to the change; collapse by kind and search for \
            large graphs); the plan as a timeline of phases with each step's SQL, lock, rewrite, \
            estimate and rollback, steps flagged by validation highlighted; the consumer patches as \
            diffs; validation (lock trace, replayed outputs, query plans); and the artifacts' hashes.

            Consumer SQL is read from the files lineage names, relative to --project (default: the \
            current directory); views' SQL comes from --catalog.

            Exit status: 0 written, 2 unreadable or malformed input, a validation report made for \
            another plan, or an unwritable output.

            Examples:
              keel report plan.json --lineage lineage.json --validation validation.json --catalog catalog.json
              keel report plan.json --lineage lineage.json --project . --out review/report.html
            """)

    @Argument(help: ArgumentHelp("The plan from keel plan.", valueName: "plan.json"))
    var plan: String

    @Option(name: .long, help: ArgumentHelp("The report from keel validate for this plan.", valueName: "validation.json"))
    var validation: String?

    @Option(name: .long, help: ArgumentHelp("The lineage graph the plan was made with (keel lineage build).", valueName: "lineage.json"))
    var lineage: String?

    @Option(name: .long, help: ArgumentHelp("The source catalog (keel discover): view SQL and column types.", valueName: "catalog.json"))
    var catalog: String?

    @Option(name: .long, help: ArgumentHelp("Where lineage's consumer files live (default: the current directory).", valueName: "dir"))
    var project: String?

    @Option(name: .long, help: ArgumentHelp("Write the page here.", valueName: "report.html"))
    var out = ReviewReport.fileName

    func run() async throws {
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: plan))
        let validation = try validation.map { try ValidationReport.read(from: URL(fileURLWithPath: $0)) }
        let lineage = try lineage.map { try LineageGraph.load(path: $0) }
        let catalog = try catalog.map { try Catalog.read(from: URL(fileURLWithPath: $0)) }
        let directory = URL(fileURLWithPath: project ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        let url = try ReviewReport.write(plan: plan, validation: validation, lineage: lineage, catalog: catalog, project: directory,
                                         to: URL(fileURLWithPath: out))
        Terminal.stdout("wrote \(url.path)")
    }
}
