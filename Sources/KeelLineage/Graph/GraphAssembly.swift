import KeelCore
import KeelSQL

/// The graph while ``LineageBuilder`` fills it: relations and consumers keyed by name, turned into the
/// compact, sorted ``LineageGraph`` at the end.
struct GraphAssembly {
    /// keel.yaml's folder: locations under it are written relative to it.
    let directory: String
    var schema = GraphSchema()
    var relations: [RelationKey: RelationDraft] = [:]
    var consumers: [ConsumerDraft] = []
    var diagnostics: [LineageGraph.Diagnostic] = []
    /// The relation each consumer builds, by consumer id.
    var built: [String: RelationKey] = [:]
    /// dbt nodes by consumer id (`dbt:model.…`).
    var dbtNodes: [String: DbtNode] = [:]

    init(directory: String) {
        self.directory = directory
    }

    struct ColumnRef: Hashable {
        var relation: RelationKey
        var column: String
    }

    struct SourceRef: Hashable {
        var column: ColumnRef
        var transformation: LineageGraph.Transformation
    }

    struct EdgeDraft: Hashable {
        var target: String
        var source: ColumnRef
        var transformation: LineageGraph.Transformation
    }

    struct StatementDraft {
        var target: RelationKey
        var written: [String]
        var edges: [EdgeDraft]
        var indirect: [SourceRef]
    }

    struct RelationDraft {
        var kind: LineageGraph.RelationKind
        var columns: [String] = []
        var known: Set<String> = []
        var builtBy: String?

        mutating func add(_ column: String) {
            if known.insert(column).inserted { columns.append(column) }
        }
    }

    struct ConsumerDraft {
        var id: String
        var kind: LineageGraph.ConsumerKind
        var name: String
        var location: String?
        var owner: String?
        var materialization: String?
        var builds: RelationKey?
        var dependsOn: [String]
        var inputs: Set<RelationKey> = []
        var outputs: Set<RelationKey> = []
        var statements: [StatementDraft] = []
        var reads: Set<SourceRef> = []
    }

    // MARK: Relations

    /// How strongly a kind describes a relation; a stronger description replaces a weaker one.
    static func rank(_ kind: LineageGraph.RelationKind) -> Int {
        switch kind {
        case .model, .snapshot, .seed: 5
        case .table, .view, .materializedView: 4
        case .source: 3
        case .taskOutput: 2
        case .temporary: 1
        case .external: 0
        }
    }

    mutating func relation(_ key: RelationKey, kind: LineageGraph.RelationKind) {
        if var existing = relations[key] {
            if Self.rank(kind) > Self.rank(existing.kind) {
                existing.kind = kind
                relations[key] = existing
            }
        } else {
            relations[key] = RelationDraft(kind: kind)
        }
    }

    mutating func addColumn(_ column: String, to key: RelationKey) {
        if relations[key] == nil { relations[key] = RelationDraft(kind: .external) }
        relations[key]?.add(column)
    }

    mutating func addCatalog(_ catalog: Catalog) {
        for table in catalog.tables {
            let key = RelationKey(schema: table.schema.name, name: table.name.name)
            relation(key, kind: .table)
            let columns = table.columns.sorted { $0.position < $1.position }.map(\.name.name)
            for column in columns { addColumn(column, to: key) }
            schema.tables[key] = columns
        }
        for view in catalog.views {
            let key = RelationKey(schema: view.schema.name, name: view.name.name)
            relation(key, kind: view.materialized ? .materializedView : .view)
            let columns = view.columns.sorted { $0.position < $1.position }.map(\.name.name)
            for column in columns { addColumn(column, to: key) }
            schema.tables[key] = columns
        }
    }

    mutating func addDbtRelations(_ dbt: DbtProject) {
        for node in dbt.nodes {
            dbtNodes["dbt:\(node.uniqueId)"] = node
            if node.resourceType == .seed, let seed = node.relation {
                let key = RelationKey(schema: seed.schema, name: seed.identifier)
                relation(key, kind: .seed)
                for column in node.columns { addColumn(column.name, to: key) }
            }
        }
        for source in dbt.sources {
            let key = RelationKey(schema: source.relation.schema, name: source.relation.identifier)
            relation(key, kind: .source)
            for column in source.columns { addColumn(column.name, to: key) }
        }
    }

    // MARK: Diagnostics and locations

    /// `location` relative to keel.yaml's folder when it lies under it.
    func relative(_ location: FileLocation) -> String {
        var location = location
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        if directory != ".", location.file.hasPrefix(prefix) { location.file = String(location.file.dropFirst(prefix.count)) }
        return location.description
    }

    mutating func addInputDiagnostic(_ diagnostic: LineageDiagnostic) {
        diagnostics.append(LineageGraph.Diagnostic(
            code: diagnostic.code, severity: diagnostic.severity.rawValue, message: diagnostic.message,
            location: relative(diagnostic.location), consumer: diagnostic.consumer))
    }

    // MARK: The graph

    /// The compact graph: relations sorted by name, column ids assigned, consumers sorted by id.
    func graph(catalogFingerprint: ContentHash?) -> LineageGraph {
        let ordered = relations.map { (key: $0.key, display: $0.key.display, draft: $0.value) }
            .sorted { $0.display.utf8.lexicographicallyPrecedes($1.display.utf8) }
        var index: [RelationKey: Int] = [:]
        var columnIds: [RelationKey: [String: Int]] = [:]
        var next = 0
        var graphRelations: [LineageGraph.Relation] = []
        graphRelations.reserveCapacity(ordered.count)
        for (offset, entry) in ordered.enumerated() {
            index[entry.key] = offset
            var ids: [String: Int] = [:]
            for column in entry.draft.columns {
                ids[column] = next
                next += 1
            }
            columnIds[entry.key] = ids
            graphRelations.append(LineageGraph.Relation(name: entry.display, kind: entry.draft.kind, columns: entry.draft.columns,
                                                        builtBy: entry.draft.builtBy))
        }
        func id(_ ref: ColumnRef) -> Int? { columnIds[ref.relation]?[ref.column] }

        var graphConsumers: [LineageGraph.Consumer] = []
        graphConsumers.reserveCapacity(consumers.count)
        for draft in consumers.sorted(by: { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }) {
            var statements: [LineageGraph.Statement] = []
            for statement in draft.statements {
                guard let target = index[statement.target] else { continue }
                let own = columnIds[statement.target] ?? [:]
                let written = statement.written.compactMap { own[$0] }
                let edges = Set(statement.edges.compactMap { edge -> LineageGraph.ColumnEdge? in
                    guard let targetId = own[edge.target], let sourceId = id(edge.source) else { return nil }
                    return LineageGraph.ColumnEdge(target: targetId, source: sourceId, transformation: edge.transformation)
                })
                let indirect = Set(statement.indirect.compactMap { source -> LineageGraph.SourceEdge? in
                    id(source.column).map { LineageGraph.SourceEdge(source: $0, transformation: source.transformation) }
                })
                statements.append(LineageGraph.Statement(target: target, written: written, columns: edges.sorted(), indirect: indirect.sorted()))
            }
            let reads = draft.reads.compactMap { source -> LineageGraph.SourceEdge? in
                id(source.column).map { LineageGraph.SourceEdge(source: $0, transformation: source.transformation) }
            }
            graphConsumers.append(LineageGraph.Consumer(
                id: draft.id, kind: draft.kind, name: draft.name, location: draft.location, owner: draft.owner,
                materialization: draft.materialization, builds: draft.builds.flatMap { index[$0] },
                dependsOn: draft.dependsOn.sorted(), inputs: draft.inputs.compactMap { index[$0] }.sorted(),
                outputs: draft.outputs.compactMap { index[$0] }.sorted(), statements: statements, reads: Set(reads).sorted()))
        }
        return LineageGraph(catalogFingerprint: catalogFingerprint, relations: graphRelations, consumers: graphConsumers,
                            diagnostics: diagnostics)
    }
}
