import ArgumentParser
import Foundation
import KeelCore
import KeelAgent
import KeelPostgres
import KeelReport
import KeelValidate

/// `keel validate`: prove a plan in a sandbox.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Prove a plan in a sandbox that mirrors the source, before any real environment.",
        discussion: """
            Clones the source's schema into a sandbox (a managed throwaway PostgreSQL, or --sandbox), \
            copies representative data (tables up to --sample rows whole, larger ones sampled with \
            every foreign key kept), runs the consumers of keel.yaml as a baseline, applies the plan \
            while tracing the locks and rewrites each step really causes, writes through both shapes \
            of every replaced column, replays the patched consumers and diffs their outputs, compares \
            query plans (EXPLAIN and EXPLAIN ANALYZE), and rolls back to check that the catalog \
            returns exactly. The source is only read. Progress (phase, step, rows, ETA) goes to stderr.

            dbt models run with Keel's own executor by default (fast: the rendered models in DAG \
            order). --dbt dbt runs real `dbt build` against the sandbox instead (dbt from $KEEL_DBT \
            or PATH), --dbt auto whenever dbt is installed; the report says which ran.

            Exit status: 0 passed, 1 validation found problems, 2 bad input, a plan made for another \
            catalog, or a connection failure.

            Examples:
              keel validate plan.json --source postgres://app@db.internal/billing --config keel.yaml --out validation.json
              keel validate plan.json --source "$STAGING_URL" --sandbox postgres://postgres@localhost/postgres --sample 50000
              keel validate plan.json --source "$STAGING_URL" --config keel.yaml --dbt dbt
            """)

    @Argument(help: ArgumentHelp("The plan from keel plan.", valueName: "plan.json"))
    var plan: String

    @Option(name: .long, help: ArgumentHelp("The source database (read only); defaults to PG* variables.", valueName: "url"))
    var source: String?

    @Option(name: .long, help: ArgumentHelp("A server to create the sandbox database on (superuser); default: a managed throwaway cluster.", valueName: "url"))
    var sandbox: String?

    @Option(name: .long, help: ArgumentHelp("Tables with at most this many rows are copied whole; larger ones are sampled.", valueName: "rows"))
    var sample = 10_000

    @Option(name: .long, help: ArgumentHelp("keel.yaml naming the consumers to replay (default: ./keel.yaml if present).", valueName: "keel.yaml"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("What runs the dbt models: keel (Keel's executor, default), dbt (real dbt build), or auto (dbt when installed).",
                                            valueName: "auto|keel|dbt"))
    var dbt: String = DbtRunner.Choice.keel.rawValue

    @Option(name: .long, help: ArgumentHelp("Write the report here.", valueName: "validation.json"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Write the summary here.", valueName: "validation.md"))
    var markdown: String?

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        if sample < 1 { throw ValidationError("--sample must be at least 1") }
        if DbtRunner.Choice(rawValue: dbt) == nil {
            throw ValidationError("--dbt must be one of \(DbtRunner.Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: plan))
        let sourceConfig = try ConnectionResolver.process.resolve(source)
        let sandboxServer = try sandbox.map { try ConnectionResolver.process.resolve($0) }
        let configPath = config ?? (FileManager.default.fileExists(atPath: "keel.yaml") ? "keel.yaml" : nil)
        let report = try await ValidationProgressDisplay.during { display in
            try await ValidationRun.run(plan, source: sourceConfig, sandboxServer: sandboxServer, sampleRows: sample, config: configPath,
                                        dbt: DbtRunner.Choice(rawValue: dbt) ?? .keel, events: { display.show($0) })
        }
        if let out {
            try report.write(to: URL(fileURLWithPath: out))
            let page = try Self.writeReviewPage(plan: plan, report: report, beside: URL(fileURLWithPath: out), config: configPath)
            Terminal.stderr("review page: \(page.path)")
        }
        if let markdown {
            do { try Data(report.markdown().utf8).write(to: URL(fileURLWithPath: markdown)) } catch {
                throw ArtifactError.unwritable(path: markdown, reason: error.localizedDescription)
            }
        }
        if json {
            Terminal.stdout(data: try CanonicalJSON.encode(report))
        } else {
            Terminal.stdout("validation \(report.passed ? "passed" : "FAILED"): \(report.steps.count) steps traced, \(report.dualWrite.count) dual-write checks, \(report.outputs.count) outputs compared, \(report.queryPlans.count) query plans; models run by \(report.executor ?? "keel")")
            for finding in report.findings { Terminal.stdout("  \(finding.severity.rawValue) [\(finding.check)] \(finding.subject): \(finding.message)") }
        }
        if !report.passed { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    /// report.html beside the JSON report, drawing the impact graph from lineage.json and the
    /// catalog.json there when present (the layout `keel init` and `keel demo` use).
    static func writeReviewPage(plan: MigrationPlan, report: ValidationReport, beside out: URL, config: String?) throws -> URL {
        let directory = out.deletingLastPathComponent()
        let lineagePath = directory.appendingPathComponent("lineage.json").path
        let lineage = FileManager.default.fileExists(atPath: lineagePath) ? try? LineageGraph.load(path: lineagePath) : nil
        let catalog = try? Catalog.read(from: directory.appendingPathComponent("catalog.json"))
        return try ReviewReport.write(plan: plan, validation: report, lineage: lineage, catalog: catalog,
                                      project: config.map { URL(fileURLWithPath: $0).deletingLastPathComponent() },
                                      to: directory.appendingPathComponent(ReviewReport.fileName))
    }
}
