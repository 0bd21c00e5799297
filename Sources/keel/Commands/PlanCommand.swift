import ArgumentParser
import Foundation
import KeelCore
import KeelDiscover
import KeelPlan
import KeelPostgres

/// `keel plan`: a change spec → an expand/contract plan.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Turn a change spec into a safe expand/contract migration plan.",
        discussion: """
            Reads the spec (YAML or JSON, docs/change-spec.md) and the catalog, and writes a plan \
            in five phases: expand, backfill, dual write, migrate consumers, contract. Each step \
            carries its SQL, the lock it takes, whether it rewrites or scans, whether it runs in a \
            transaction, a duration estimate from the table's size, and its rollback SQL.

            With --lineage, every consumer that reads a replaced column gets a unified diff \
            (dbt models, DAG SQL, keel.yaml queries), and the contract is gated on lineage \
            showing no consumer left. Consumer files are read relative to --project (default: \
            the current directory).

            Exit status: 0 plan written, 2 bad spec, unknown table or column, unreadable input, \
            or connection failure. A bad spec changes nothing.

            Examples:
              keel plan change.yaml --catalog catalog.json --lineage lineage.json --out plan.json --markdown plan.md
              keel plan change.yaml --db postgres://app@db.internal/billing --json
            """)

    @Argument(help: ArgumentHelp("The change spec.", valueName: "change.yaml"))
    var spec: String

    @Option(name: .long, help: ArgumentHelp("The catalog from keel discover.", valueName: "catalog.json"))
    var catalog: String?

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The lineage graph from keel lineage build.", valueName: "lineage.json"))
    var lineage: String?

    @Option(name: .long, help: ArgumentHelp("Where lineage's consumer files live (default: the current directory).", valueName: "dir"))
    var project: String?

    @Option(name: .long, help: ArgumentHelp("Write plan.json here.", valueName: "plan.json"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Write the readable plan here.", valueName: "plan.md"))
    var markdown: String?

    @Option(name: .long, help: ArgumentHelp("Schema for unqualified names in the spec.", valueName: "schema"))
    var defaultSchema = "public"

    @Option(name: .long, help: ArgumentHelp("Rows per backfill batch.", valueName: "rows"))
    var batchSize = 1000

    @Option(name: .long, help: ArgumentHelp("lock_timeout for every DDL step.", valueName: "ms"))
    var lockTimeout = 2000

    @Option(name: .long, help: ArgumentHelp("Tables at most this many bytes (at discovery) take the simple, briefly blocking path, like empty ones.", valueName: "bytes"))
    var simpleBelow: Int64 = 0

    @Flag(name: .long, help: "Print the plan as JSON on standard output.")
    var json = false

    func validate() throws {
        if catalog != nil && connection.database != nil { throw ValidationError("use either --catalog or --db, not both") }
        if catalog == nil && connection.database == nil { throw ValidationError("give the schema with --catalog catalog.json or --db URL") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if lockTimeout < 1 { throw ValidationError("--lock-timeout must be at least 1 ms") }
        if simpleBelow < 0 { throw ValidationError("--simple-below must be zero or more bytes") }
    }

    func run() async throws {
        let loaded = try ChangeSpecLoader.load(path: spec)
        let catalog = try await loadCatalog()
        let graph = try lineage.map { try LineageGraph.read(from: URL(fileURLWithPath: $0)) }
        let planner = Planner(catalog: catalog, lineage: graph, options: PlannerOptions(
            defaultSchema: defaultSchema, lockTimeoutMilliseconds: lockTimeout, batchSize: batchSize, simplePathMaximumBytes: simpleBelow,
            timeZoneIsUTC: catalog.source?.settings["TimeZone"].map { ["UTC", "Etc/UTC", "GMT", "Z"].contains($0) } ?? false))
        // With a database, its server decides whether each new default avoids a rewrite.
        let probed = connection.database == nil ? ProbedDefaults()
            : await planner.probeDefaults(loaded.spec, using: EmptyCopyProbe(config: try connection.resolve()))
        let plan = try planner.plan(loaded, consumers: consumerSources(graph), probed: probed)
        if let out { try plan.write(to: URL(fileURLWithPath: out)) }
        if let markdown {
            do { try Data(plan.markdown().utf8).write(to: URL(fileURLWithPath: markdown)) } catch {
                throw ArtifactError.unwritable(path: markdown, reason: error.localizedDescription)
            }
        }
        if json {
            Terminal.stdout(data: try CanonicalJSON.encode(plan))
        } else if out == nil && markdown == nil {
            Terminal.stdout(plan.markdown())
        } else {
            let counts = plan.phases.map { "\($0.kind.rawValue) \($0.steps.count)" }.joined(separator: ", ")
            Terminal.stdout("planned \(plan.change): \(plan.steps.count) steps (\(counts)), \(plan.consumerPatches.count) consumer patches, hash \(plan.hash.value)")
            for note in plan.notes where note.severity == .warning { Terminal.stderr("warning: \(note.message)") }
        }
    }

    func loadCatalog() async throws -> Catalog {
        if let catalog { return try Catalog.read(from: URL(fileURLWithPath: catalog)) }
        return try await Progress.during("discovering the catalog") {
            try await Discoverer().discover(try connection.resolve())
        }
    }

    /// The files of consumers that have a location, read from the project directory.
    func consumerSources(_ graph: LineageGraph?) -> [ConsumerSource] {
        guard let graph else { return [] }
        let root = project ?? FileManager.default.currentDirectoryPath
        var sources: [ConsumerSource] = []
        for consumer in graph.consumers {
            guard let location = consumer.location else { continue }
            let file = location.split(separator: ":").first.map(String.init) ?? location
            let path = file.hasPrefix("/") ? file : root + "/" + file
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            sources.append(ConsumerSource(consumer: consumer.id, file: file, text: text))
        }
        return sources
    }
}
