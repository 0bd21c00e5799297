import Foundation
import KeelCore
import KeelLineage
import KeelTestSupport
import Testing

/// The shared dbt manifests (jaffle shop, hubspot) build graphs in which every model resolves: it
/// builds its relation, its columns are known, its SQL binds without error, and every model or source
/// it depends on is one of its inputs.
@Suite("shared manifests as lineage graphs")
struct SharedManifestGraphTests {
    /// Source tables' columns from dbt's own catalog.json (what `keel discover` would read from the warehouse).
    static func sourceCatalog(_ project: String) throws -> Catalog {
        let url = try SharedFixtures.url("corpora/dbt_manifests/\(project)_catalog.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var tables: [Catalog.Table] = []
        for case let source as [String: Any] in (json["sources"] as? [String: Any] ?? [:]).values {
            let metadata = source["metadata"] as? [String: Any] ?? [:]
            let columns = (source["columns"] as? [String: [String: Any]] ?? [:]).values
                .sorted { ($0["index"] as? Int ?? 0) < ($1["index"] as? Int ?? 0) }
            tables.append(Catalog.Table(
                schema: try Identifier(metadata["schema"] as? String ?? ""), name: try Identifier(metadata["name"] as? String ?? ""),
                kind: .ordinary, persistence: .permanent,
                columns: try columns.enumerated().map { offset, column in
                    Catalog.Column(name: try Identifier(column["name"] as? String ?? ""), position: offset + 1, type: column["type"] as? String ?? "text")
                }))
        }
        return try Catalog(source: nil, schemas: [], tables: tables, views: [], sequences: [], enums: [], domains: [], functions: [], extensions: [])
    }

    @Test("every model resolves, and the counts match the manifest", arguments: [
        ("jaffle_shop", 5, 0), ("hubspot", 125, 50),
    ])
    func everyModelResolves(project: String, models: Int, sources: Int) throws {
        let manifest = try SharedFixtures.url("corpora/dbt_manifests/\(project)_manifest.json").path
        let config = KeelConfig(dbt: KeelConfig.Dbt(project: ".", manifest: manifest))
        let inputs = try LineageInputs.load(config)
        let dbt = try #require(inputs.dbt)
        let graph = LineageBuilder().build(inputs, catalog: try Self.sourceCatalog(project))
        #expect(graph.validationProblem() == nil)
        let errors = graph.diagnostics.filter(\.isError)
        #expect(errors.isEmpty, "\(errors.prefix(5))")

        let modelConsumers = graph.consumers.filter { $0.kind == .dbtModel }
        #expect(modelConsumers.count == models)
        #expect(modelConsumers.count == dbt.models.count)
        #expect(dbt.sources.count == sources)
        let relationOf = Dictionary(uniqueKeysWithValues: dbt.nodes.compactMap { node in
            node.relation.map { (node.uniqueId, "\($0.schema).\($0.identifier)") }
        } + dbt.sources.map { ($0.uniqueId, "\($0.relation.schema).\($0.relation.identifier)") })
        func displayName(_ raw: String) -> String? {
            graph.relations.first { $0.name.replacingOccurrences(of: "\"", with: "") == raw }?.name
        }
        for model in dbt.models {
            let consumer = try #require(graph.consumers.first { $0.id == "dbt:\(model.uniqueId)" }, "\(model.uniqueId)")
            if model.materialization == "ephemeral" { continue }
            let builds = try #require(consumer.builds, "\(model.uniqueId) builds nothing")
            let relation = graph.relations[builds]
            #expect(relation.kind == .model, "\(model.uniqueId)")
            #expect(relation.builtBy == consumer.id)
            #expect(!relation.columns.isEmpty && !relation.columns.contains("*"), "\(model.uniqueId): \(relation.columns)")
            #expect(consumer.statements.count == 1, "\(model.uniqueId)")
            let inputs = Set(consumer.inputs.map { graph.relations[$0].name })
            for dependency in model.dependsOn {
                guard let name = relationOf[dependency], dbt.node(id: dependency)?.materialization != "ephemeral" else { continue }
                #expect(displayName(name).map(inputs.contains) == true, "\(model.uniqueId) → \(dependency)")
            }
        }
        // Sources are relations of the graph, with their columns from the warehouse.
        for source in dbt.sources {
            let name = "\(source.relation.schema).\(source.relation.identifier)"
            #expect(displayName(name) != nil, "\(name)")
        }
    }

    @Test("jaffle shop: a staging column flows to the marts")
    func jaffleImpact() throws {
        let manifest = try SharedFixtures.url("corpora/dbt_manifests/jaffle_shop_manifest.json").path
        let graph = try LineageBuilder().build(config: KeelConfig(dbt: KeelConfig.Dbt(project: ".", manifest: manifest)), catalog: nil)
        let report = try ImpactAnalyzer(index: LineageIndex(graph)).impact(of: "public.stg_payments.amount")
        #expect(Set(report.consumerIds) == ["dbt:model.jaffle_shop.orders", "dbt:model.jaffle_shop.customers"])
        #expect(report.columns.contains { $0.column == "public.customers.customer_lifetime_value" && $0.dependency == "DIRECT" })
    }
}
