import ArgumentParser
import Foundation
import KeelCore
import KeelDiscover
import KeelMonitor
import KeelPostgres
import KeelRollout

extension DriftCommand {
    /// `keel drift record`: accept the current schema as the baseline.
    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the live catalog as the baseline keel drift compares with.",
            discussion: """
                For a database Keel did not migrate, or after a manual change that was reviewed and accepted. \
                keel rollout records a baseline by itself after every command that runs or undoes steps. \
                Creates keel.catalog_snapshots when missing (needs CREATE on the database).

                Examples:
                  keel drift record --env production
                  keel drift record --env production --operator alice --json
                """)

        @OptionGroup var target: DriftTargetOptions

        @Option(name: .customLong("operator"), help: ArgumentHelp("Who records it (default: $USER).", valueName: "name"))
        var operatorName: String?

        func run() async throws {
            let resolved = try target.resolve()
            let catalog = try await Discoverer().discover(resolved.connection)
            let baseline = try await CatalogBaseline.record(catalog: catalog, config: resolved.connection,
                                                            operator: RolloutSupport.operatorName(operatorName))
            if target.json {
                Terminal.stdout(data: try CanonicalJSON.encode(baseline))
                return
            }
            let tables = catalog.tables.filter { $0.schema.name != "keel" }.count
            Terminal.stdout("recorded baseline #\(baseline.id) on \(resolved.name): \(tables) tables, fingerprint \(baseline.fingerprint.short), by \(baseline.recordedBy)")
        }
    }
}
