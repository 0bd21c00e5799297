import ArgumentParser
import Foundation
import KeelCore
import KeelLineage

extension LineageCommand {
    /// `keel lineage export --openlineage`: the graph as OpenLineage RunEvents.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export the lineage graph as OpenLineage RunEvents with column lineage.",
            discussion: """
                Writes one OpenLineage RunEvent (spec 2-0-2, eventType COMPLETE) per consumer, one JSON \
                object per line: the job (namespace --job-namespace, name the consumer id, with the jobType \
                and ownership facets), its input datasets, and its output datasets with the columnLineage \
                facet (each column's input fields with DIRECT/INDIRECT transformations, and the \
                statement-level INDIRECT fields under dataset) and the schema facet. Datasets follow \
                OpenLineage's PostgreSQL naming: namespace postgres://host:port, name [database.]schema.table.

                Exit status: 0 written, 2 usage error, unreadable or malformed lineage.json or keel.yaml.

                Examples:
                  keel lineage export --openlineage --lineage lineage.json > events.ndjson
                  keel lineage export --openlineage --dataset-namespace postgres://db.internal:5432 --database billing --out events.ndjson
                  keel lineage export --openlineage --config keel.yaml --catalog catalog.json
                """)

        @Flag(name: .long, help: "OpenLineage RunEvents, one per line (the only format so far).")
        var openlineage = false

        @OptionGroup var source: LineageSourceOptions

        @Option(name: .long, help: ArgumentHelp("Write the events here instead of standard output.", valueName: "file"))
        var out: String?

        @Option(name: .long, help: ArgumentHelp("The job namespace.", valueName: "name"))
        var jobNamespace = "keel"

        @Option(name: .long, help: ArgumentHelp("The dataset namespace, postgres://host:port.", valueName: "uri"))
        var datasetNamespace = "postgres://localhost:5432"

        @Option(name: .long, help: ArgumentHelp("The database name that prefixes dataset names.", valueName: "name"))
        var database: String?

        @Option(name: .long, help: ArgumentHelp("The events' time, ISO 8601 (default: now).", valueName: "time"))
        var eventTime: String?

        func validate() throws {
            if !openlineage { throw ValidationError("choose a format: --openlineage") }
            if let eventTime, (try? Date(eventTime, strategy: .iso8601)) == nil {
                throw ValidationError("--event-time must be ISO 8601, e.g. 2024-01-01T02:00:00Z")
            }
        }

        func run() async throws {
            let graph = try source.load()
            let time = eventTime.flatMap { try? Date($0, strategy: .iso8601) } ?? Date()
            let events = OpenLineageExporter.events(graph, options: OpenLineageExporter.Options(
                producer: "urn:keel:\(Keel.version)", jobNamespace: jobNamespace, datasetNamespace: datasetNamespace,
                database: database, eventTime: time))
            var data = Data()
            for event in events {
                data.append(try CanonicalJSON.encodeCompact(event))
                data.append(0x0A)
            }
            if let out {
                do { try data.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                    throw LineageCLIError.unwritableFile(path: out, reason: (error as NSError).localizedDescription)
                }
                Terminal.stderr("wrote \(events.count) OpenLineage events to \(out)")
            } else {
                Terminal.stdout(data: data)
            }
        }
    }
}
