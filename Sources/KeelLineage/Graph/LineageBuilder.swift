public import KeelCore
import KeelSQL

/// Builds the ``LineageGraph`` from the loaded inputs of a project (``LineageInputs``) and, optionally,
/// the database's catalog.
///
/// Each consumer's rendered SQL goes through KeelSQL's per-statement lineage. Table columns (and `*`)
/// come from the catalog, then from the models and tasks processed before: Airflow tasks first, then
/// dbt models in dependency order, then views, exposures, dashboards and APIs. A dbt model's (or a
/// view's) query writes the relation it builds; exposures read every column of the models they depend
/// on; dashboards, APIs and checks read the columns of their queries.
///
/// ```swift
/// let config = try KeelConfig.load("keel.yaml")
/// let inputs = try LineageInputs.load(config, catalog: catalog)
/// let graph = LineageBuilder().build(inputs, catalog: catalog)
/// try graph.write(to: URL(fileURLWithPath: "lineage.json"))
/// ```
public struct LineageBuilder: Sendable {
    /// How to build.
    public struct Options: Sendable {
        /// The schemas unqualified names resolve against; `nil` takes keel.yaml's `search_path`.
        public var searchPath: [String]?

        /// Creates options.
        public init(searchPath: [String]? = nil) {
            self.searchPath = searchPath
        }
    }

    let options: Options

    /// Creates a builder.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Loads what `config` names and builds its graph.
    /// - Parameters:
    ///   - config: the parsed keel.yaml.
    ///   - catalog: the database's catalog (tables, columns, views), if available.
    ///   - options: environment and dbt preferences for loading.
    /// - Returns: the graph.
    /// - Throws: the first ``LineageError`` of any loader.
    public func build(config: KeelConfig, catalog: Catalog?, loading: LineageInputs.Options = .init()) throws(LineageError) -> LineageGraph {
        build(try LineageInputs.load(config, catalog: catalog, options: loading), catalog: catalog)
    }

    /// Builds the graph of loaded inputs.
    /// - Parameters:
    ///   - inputs: the consumers, from ``LineageInputs/load(_:catalog:options:)``.
    ///   - catalog: the catalog the inputs were loaded with, if any.
    /// - Returns: the graph, with every problem met as a diagnostic.
    public func build(_ inputs: LineageInputs, catalog: Catalog?) -> LineageGraph {
        var assembly = GraphAssembly(directory: inputs.config.directory)
        let searchPath = options.searchPath ?? inputs.config.searchPath
        if let catalog { assembly.addCatalog(catalog) }
        if let dbt = inputs.dbt { assembly.addDbtRelations(dbt) }
        for diagnostic in inputs.diagnostics { assembly.addInputDiagnostic(diagnostic) }

        // dbt models and views that build the same relation: the model wins.
        let dbtBuilt = Set(inputs.consumers.filter { $0.kind == .dbtModel || $0.kind == .dbtSnapshot }.compactMap(\.builds))
        let consumers = inputs.consumers.filter { !(($0.kind == .view || $0.kind == .materializedView) && dbtBuilt.contains($0.builds ?? "")) }
        for consumer in Self.processingOrder(consumers) {
            assembly.add(consumer, searchPath: searchPath)
        }
        return assembly.graph(catalogFingerprint: catalog?.fingerprint)
    }

    /// Airflow tasks, then dbt models and snapshots in dependency order, then views, then everything
    /// else (exposures, dashboards, APIs), each group in input order.
    static func processingOrder(_ consumers: [Consumer]) -> [Consumer] {
        func rank(_ kind: Consumer.Kind) -> Int {
            switch kind {
            case .airflowTask: 0
            case .dbtModel, .dbtSnapshot: 1
            case .view, .materializedView: 2
            case .dbtExposure: 4
            default: 3
            }
        }
        let dbt = consumers.filter { rank($0.kind) == 1 }
        var ordered = consumers.filter { rank($0.kind) == 0 }
        ordered += topological(dbt)
        for group in 2...4 { ordered += consumers.filter { rank($0.kind) == group } }
        return ordered
    }

    /// Dependencies first; a cycle (which dbt refuses) keeps input order for what remains.
    static func topological(_ nodes: [Consumer]) -> [Consumer] {
        let byId = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Bool] = [:]   // false: visiting, true: done
        var result: [Consumer] = []
        result.reserveCapacity(nodes.count)
        for root in nodes where state[root.id] == nil {
            // Iterative depth-first search: deep ref chains must not exhaust the stack.
            var stack: [(id: String, next: Int)] = [(root.id, 0)]
            state[root.id] = false
            while let top = stack.last {
                let node = byId[top.id]
                let dependencies = node?.dependsOn ?? []
                if top.next < dependencies.count {
                    stack[stack.count - 1].next += 1
                    let dependency = dependencies[top.next]
                    if byId[dependency] != nil, state[dependency] == nil {
                        state[dependency] = false
                        stack.append((dependency, 0))
                    }
                    continue
                }
                stack.removeLast()
                state[top.id] = true
                if let node { result.append(node) }
            }
        }
        return result
    }
}
