import ArgumentParser
import Foundation

/// `keel demo`: the billing change of ../shared/docs/billing-scenario.md, end to end, on managed PostgreSQL.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Carry the billing change through every stage on throwaway PostgreSQL clusters.",
        discussion: """
            Builds the billing scenario (customers, invoices, payments, a dbt project, an Airflow DAG, \
            two dashboards and an API query) in a staging and a production cluster, then runs the \
            real commands one after another, printing each: discover, lineage and impact of \
            invoices.amount, plan, validate in a sandbox, rollout to staging and then production \
            while a background writer keeps inserting and updating invoices, the consumer patches, \
            the contract once lineage is clear, and a drift check. Every artifact and a final \
            report.md land in --dir.

            Nothing outside --dir and the throwaway clusters is touched. Exit status: 0 when every \
            stage passed and no write failed, 1 when a write failed, 2 when a stage failed.

            Examples:
              keel demo
              keel demo --scale 1 --keep
              keel demo --dir /tmp/keel-demo --writers 4
            """)

    @Option(name: .long, help: ArgumentHelp("Data size: 1 ≈ 10,000 customers and 200,000 invoices.", valueName: "factor"))
    var scale = 0.25

    @Option(name: .long, help: ArgumentHelp("Where the scenario files, artifacts and report go (replaced if it holds a previous demo).", valueName: "dir"))
    var dir = ".keel/demo"

    @Option(name: .long, help: ArgumentHelp("Background writer sessions per environment.", valueName: "n"))
    var writers = 2

    @Flag(name: .long, help: "Leave the clusters running afterwards, for exploration (stop them with keel pg stop).")
    var keep = false

    func validate() throws {
        guard scale > 0, scale <= 50 else { throw ValidationError("--scale must be above 0 and at most 50") }
        guard (1...32).contains(writers) else { throw ValidationError("--writers must be between 1 and 32") }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: dir, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        try await DemoRun(directory: directory, scale: scale, writers: writers, keep: keep).run()
    }
}
