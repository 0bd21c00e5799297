import ArgumentParser
import Foundation
import KeelCore
import KeelLineage

extension LineageCommand {
    /// `keel lineage build`: the project's lineage graph, from keel.yaml, into lineage.json.
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Build the lineage graph of a project (keel.yaml) into lineage.json.",
            discussion: """
                Loads what keel.yaml names (the dbt project or its manifest, the Airflow DAG folder, the \
                dashboards and APIs) and, with --catalog, the database's tables, columns and views; runs \
                every statement through Keel's column lineage; and writes the graph: relation columns and \
                consumers as nodes, edges with their OpenLineage type and subtype and the job that makes \
                them. The format is documented in docs/lineage.md.

                Prints the number of nodes and edges, and each statement Keel could not parse with its \
                reason. Unparsed statements do not stop the build (their consumer simply has less \
                lineage); with --strict they make the exit status 1.

                Exit status: 0 graph written, 1 with --strict and an error diagnostic, 2 usage error or \
                unreadable keel.yaml, dbt project, DAG file or catalog.

                Examples:
                  keel lineage build
                  keel lineage build --config keel.yaml --catalog catalog.json --out lineage.json
                  keel lineage build --no-manifest --json
                  keel lineage build --vars '{lookback_days: 30}'
                """)

        @Option(name: .long, help: ArgumentHelp("The project's configuration.", valueName: "keel.yaml"))
        var config = KeelConfig.fileName

        @Option(name: .long, help: ArgumentHelp("The database's catalog (keel discover): table columns, views.", valueName: "catalog.json"))
        var catalog: String?

        @Option(name: .long, help: ArgumentHelp("Write the graph here.", valueName: "file"))
        var out = "lineage.json"

        @Flag(name: .long, help: "Render the dbt project even when target/manifest.json exists.")
        var noManifest = false

        @Option(name: .long, help: ArgumentHelp(
            "dbt vars as a YAML mapping, like dbt --vars; they win over keel.yaml's dbt.vars and dbt_project.yml, and imply --no-manifest.",
            valueName: "yaml"))
        var vars: String?

        @Flag(name: .long, help: "Render incremental dbt models as an incremental run.")
        var incremental = false

        @Flag(name: .long, help: "Exit 1 when a statement could not be parsed or bound.")
        var strict = false

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let started = ContinuousClock.now
            let overrides = try vars.map(KeelConfig.Dbt.parseVars)
            let graph = try LineageSourceOptions.build(config: config, catalog: catalog, preferManifest: !noManifest && overrides == nil,
                                                       incremental: incremental, vars: overrides ?? [:])
            let built = ContinuousClock.now
            do {
                try Data(CanonicalJSON.encode(graph)).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw LineageCLIError.unwritableFile(path: out, reason: (error as NSError).localizedDescription)
            }
            let summary = LineageBuildSummary(graph: graph, out: out,
                                              buildMilliseconds: Self.milliseconds(built - started),
                                              writeMilliseconds: Self.milliseconds(ContinuousClock.now - built))
            if output.json {
                Terminal.stdout(data: try CanonicalJSON.encode(summary))
            } else {
                Terminal.stdout(summary.text)
            }
            if strict, graph.diagnostics.contains(where: \.isError) { throw ExitCode(ExitStatus.findings.rawValue) }
        }

        static func milliseconds(_ duration: Duration) -> Int {
            Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
    }
}

/// What `keel lineage build` prints: counts by kind and the diagnostics.
struct LineageBuildSummary: Encodable {
    var out: String
    var relations: Int
    var columns: Int
    var consumers: Int
    var edges: Int
    var relationKinds: [String: Int]
    var consumerKinds: [String: Int]
    var errors: [LineageGraph.Diagnostic]
    var warnings: [String: Int]
    var buildMilliseconds: Int
    var writeMilliseconds: Int

    init(graph: LineageGraph, out: String, buildMilliseconds: Int, writeMilliseconds: Int) {
        self.out = out
        relations = graph.relations.count
        columns = graph.columnCount
        consumers = graph.consumers.count
        edges = graph.edgeCount
        relationKinds = Dictionary(graph.relations.map { ($0.kind.rawValue, 1) }, uniquingKeysWith: +)
        consumerKinds = Dictionary(graph.consumers.map { ($0.kind.rawValue, 1) }, uniquingKeysWith: +)
        errors = graph.diagnostics.filter(\.isError)
        warnings = Dictionary(graph.diagnostics.filter { !$0.isError }.map { ($0.code, 1) }, uniquingKeysWith: +)
        self.buildMilliseconds = buildMilliseconds
        self.writeMilliseconds = writeMilliseconds
    }

    var text: String {
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }
        var lines = [
            "wrote \(out) in \(buildMilliseconds + writeMilliseconds) ms",
            "nodes: \(columns) columns of \(relations) relations (\(list(relationKinds))), \(consumers) consumers (\(list(consumerKinds)))",
            "edges: \(edges)",
        ]
        if errors.isEmpty {
            lines.append("every statement parsed")
        } else {
            lines.append("\(errors.count) statement(s) without lineage:")
            for error in errors {
                let consumer = error.consumer.map { " \($0):" } ?? ""
                lines.append("  \(error.location):\(consumer) \(error.message) [\(error.code)]")
            }
        }
        if !warnings.isEmpty {
            lines.append("warnings: \(list(warnings))")
        }
        return lines.joined(separator: "\n")
    }
}
