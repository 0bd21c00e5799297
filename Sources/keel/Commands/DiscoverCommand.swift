import ArgumentParser
import Foundation
import KeelCore
import KeelDiscover
import KeelPostgres
import Logging

/// `keel discover`: stage 1, read a database's catalog into catalog.json.
struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Read a database's whole catalog into catalog.json.",
        discussion: """
            Reads tables, partitions, columns, constraints, indexes, views with their column \
            dependencies, triggers, sequences, types, functions, extensions, comments and statistics \
            in a fixed number of round trips, whatever the number of tables. The source is only read.

            With --dump, a plain-SQL dump is loaded into a throwaway PostgreSQL first.

            The summary groups tables into domains (foreign-key communities named from their \
            tables' words). --infer also lists the foreign keys the schema does not declare but \
            its names, types and keys suggest, each with a confidence, checked on a sample of \
            the data, and keeps them in catalog.json (--out, --json) as inferredKeys, for keel find \
            and keel impact. They are not part of the fingerprint.

            Examples:
              keel discover --db postgres://app@db.internal/billing --out catalog.json
              keel discover --db "host=/var/run/postgresql dbname=billing" --schemas public,analytics --json
              keel discover --dump schema.sql --allow-errors
              keel discover --db postgres://app@db.internal/legacy --infer
              keel discover --db postgres://app@db.internal/legacy --infer --out catalog.json
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Load this plain-SQL dump into a throwaway PostgreSQL and discover it.", valueName: "file"))
    var dump: String?

    @Flag(name: .long, help: "With --dump: continue past statements that fail to load, and report them.")
    var allowErrors = false

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Only these schemas (comma-separated).", valueName: "a,b"),
            transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var schemas: [[String]] = []

    @Option(name: .long, help: ArgumentHelp("Write catalog.json here.", valueName: "file"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Read with up to this many connections, on one snapshot.", valueName: "n"))
    var jobs = 4

    @Flag(name: .long, help: "Infer undeclared foreign keys (naming, types, unique targets, sampled values), list them and keep them in the catalog.")
    var infer = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if dump != nil && connection.database != nil {
            throw ValidationError("use either --db or --dump, not both")
        }
        if allowErrors && dump == nil {
            throw ValidationError("--allow-errors applies only with --dump")
        }
        if jobs < 1 || jobs > 16 {
            throw ValidationError("--jobs must be between 1 and 16")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let discoverer = Discoverer(options: Discoverer.Options(schemas: schemas.flatMap { $0 }.filter { !$0.isEmpty }, jobs: jobs))
        var catalog: Catalog
        var loadErrors: [DumpLoader.LoadError] = []
        var relationships: [InferredRelationship]?
        if let dump {
            let cluster = try await Progress.during("starting a throwaway PostgreSQL") { try await ManagedCluster.start() }
            do {
                let allowErrors = self.allowErrors
                let loaded = try await Progress.during("loading \(dump)") {
                    try await DumpLoader(allowErrors: allowErrors).load(dump, into: cluster)
                }
                loadErrors = loaded.errors
                if !loaded.createdExtensions.isEmpty {
                    Terminal.stderr("created extensions the dump needs: \(loaded.createdExtensions.joined(separator: ", "))")
                }
                catalog = try await discoverer.discover(cluster.connectionConfig(database: loaded.database))
                if infer { relationships = try await Self.inferRelationships(catalog, config: cluster.connectionConfig(database: loaded.database)) }
                try await cluster.stop()
            } catch {
                try? await cluster.stop()
                throw error
            }
        } else {
            let config = try connection.resolve()
            catalog = try await discoverer.discover(config)
            if infer { relationships = try await Self.inferRelationships(catalog, config: config) }
        }
        // Kept in the catalog for find and impact; outside the fingerprint (an inference, not the schema).
        if let relationships { catalog.inferredKeys = relationships.map(\.catalogKey) }
        if let out {
            let writeStarted = ContinuousClock.now
            try catalog.write(to: URL(fileURLWithPath: out))
            Logger(label: "keel.discover").debug("wrote catalog", metadata: ["elapsed": "\(ContinuousClock.now - writeStarted)"])
        }
        if output.json {
            Terminal.stdout(data: try CanonicalJSON.encode(catalog))
        } else {
            Terminal.stdout(CatalogSummary.render(catalog, elapsed: ContinuousClock.now - started, writtenTo: out)
                + StructureSummary.render(domains: DomainClusterer().cluster(catalog, relationships: relationships ?? []), relationships: relationships))
        }
        if !loadErrors.isEmpty {
            Terminal.stderr("\(loadErrors.count) statement(s) of the dump failed to load and were skipped:")
            for error in loadErrors.prefix(20) {
                Terminal.stderr("  line \(error.line.map(String.init) ?? "?"): \(error.message)")
            }
            if loadErrors.count > 20 { Terminal.stderr("  … and \(loadErrors.count - 20) more") }
        }
    }

    /// Inferred foreign keys, checked against a sample of the data.
    static func inferRelationships(_ catalog: Catalog, config: ConnectionConfig) async throws -> [InferredRelationship] {
        let inferrer = RelationshipInferrer()
        return try await inferrer.check(inferrer.infer(catalog), in: config)
    }
}
