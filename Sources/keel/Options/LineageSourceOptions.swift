import ArgumentParser
import Foundation
import KeelCore
import KeelLineage

/// Where a command gets the lineage graph: a built lineage.json, or a keel.yaml (plus catalog) to build it from.
struct LineageSourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A lineage graph written by keel lineage build.", valueName: "lineage.json"))
    var lineage: String?

    @Option(name: .long, help: ArgumentHelp("Build the graph from this keel.yaml instead.", valueName: "keel.yaml"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("With --config: the database's catalog (keel discover), for table columns and views.",
                                            valueName: "catalog.json"))
    var catalog: String?

    func validate() throws {
        if lineage != nil && (config != nil || catalog != nil) {
            throw ValidationError("use either --lineage, or --config (with --catalog), not both")
        }
    }

    /// The graph: --lineage, else built from --config, else ./lineage.json, else built from ./keel.yaml.
    func load() throws -> LineageGraph {
        if let lineage { return try LineageGraph.load(path: lineage) }
        if config == nil, catalog == nil, FileManager.default.fileExists(atPath: "lineage.json") {
            return try LineageGraph.load(path: "lineage.json")
        }
        let path = config ?? KeelConfig.fileName
        if config == nil, !FileManager.default.fileExists(atPath: path) { throw LineageCLIError.noLineageInput }
        return try Self.build(config: path, catalog: catalog)
    }

    /// Loads keel.yaml (and the catalog) and builds the graph.
    static func build(config path: String, catalog: String?, preferManifest: Bool = true, incremental: Bool = false,
                      vars: [String: PlainValue] = [:]) throws -> LineageGraph {
        var config = try KeelConfig.load(path)
        if !vars.isEmpty { config.dbt?.vars.merge(vars) { _, override in override } }
        let catalog = try catalog.map { try Catalog.read(from: URL(fileURLWithPath: $0)) }
        return try LineageBuilder().build(config: config, catalog: catalog, loading: LineageInputs.Options(
            environment: ProcessInfo.processInfo.environment, preferManifest: preferManifest, incremental: incremental))
    }

    /// The search path unqualified targets resolve against: keel.yaml's when given, else public.
    var searchPath: [String] {
        guard let config, let loaded = try? KeelConfig.load(config) else { return ["public"] }
        return loaded.searchPath
    }
}
