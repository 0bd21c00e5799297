import Foundation
import KeelLineage
import KeelTestSupport
import Testing

@Suite("dbt manifest loader")
struct DbtManifestLoaderTests {
    /// Independent counts straight from the JSON, to compare the loader with.
    static func counts(_ url: URL) throws -> (models: Int, sources: Int, seeds: Int, tests: Int, exposures: Int) {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        let nodes = (json["nodes"] as? [String: [String: Any]] ?? [:]).values
        func count(_ type: String) -> Int { nodes.filter { $0["resource_type"] as? String == type }.count }
        return (count("model"), (json["sources"] as? [String: Any])?.count ?? 0, count("seed"), count("test"),
                (json["exposures"] as? [String: Any])?.count ?? 0)
    }

    @Test("every model resolves, and the counts match the manifest", arguments: [
        ("jaffle_shop", 5, 0, 3), ("hubspot", 125, 50, 56),
    ])
    func sharedManifests(project: String, models: Int, sources: Int, seeds: Int) throws {
        let url = try SharedFixtures.url("corpora/dbt_manifests/\(project)_manifest.json")
        let loaded = try DbtManifestLoader.load(url.path)
        let expected = try Self.counts(url)
        #expect(loaded.models.count == expected.models)
        #expect(loaded.models.count == models)
        #expect(loaded.sources.count == expected.sources)
        #expect(loaded.sources.count == sources)
        #expect(loaded.nodes.filter { $0.resourceType == .seed }.count == seeds)
        #expect(seeds == expected.seeds)
        #expect(loaded.tests.count == expected.tests)
        #expect(loaded.exposures.count == expected.exposures)
        let ids = Set(loaded.nodes.map(\.uniqueId) + loaded.sources.map(\.uniqueId))
        for model in loaded.models {
            // Every ref and source names a node or source of the manifest, and dependsOn lists exactly those.
            for ref in model.refs {
                #expect(loaded.node(named: ref.name) != nil, "\(model.uniqueId): ref \(ref)")
            }
            for source in model.sources {
                #expect(loaded.source(source.source, source.table) != nil, "\(model.uniqueId): source \(source)")
            }
            #expect(model.dependsOn.allSatisfy { ids.contains($0) }, "\(model.uniqueId): \(model.dependsOn)")
            let resolved = Set(model.refs.compactMap { loaded.node(named: $0.name)?.uniqueId }
                + model.sources.compactMap { loaded.source($0.source, $0.table)?.uniqueId })
            #expect(resolved == Set(model.dependsOn), "\(model.uniqueId)")
            #expect(model.sqlOrigin == .dbtCompiled)
            #expect(model.relation != nil || model.materialization == "ephemeral")
            #expect(!model.statements.isEmpty, "\(model.uniqueId) has no statements")
        }
        let unparsed = loaded.diagnostics.filter { $0.code == LineageDiagnostic.sqlUnparsable }
        #expect(unparsed.isEmpty, "\(unparsed.prefix(5))")
    }

    @Test("jaffle_shop: relations, materializations and dbt's compiled SQL")
    func jaffleShop() throws {
        let loaded = try DbtManifestLoader.load(try SharedFixtures.url("corpora/dbt_manifests/jaffle_shop_manifest.json").path)
        #expect(loaded.name == "jaffle_shop")
        #expect(loaded.origin == .manifest)
        let orders = try #require(loaded.node(named: "orders"))
        #expect(orders.materialization == "table")
        #expect(orders.relation?.rendered == #""dbt_jaffle_classic"."public"."orders""#)
        #expect(orders.relation?.qualifiedName == "public.orders")
        #expect(orders.refs.map(\.name) == ["stg_orders", "stg_payments"])
        #expect(orders.dependsOn == ["model.jaffle_shop.stg_orders", "model.jaffle_shop.stg_payments"])
        #expect(orders.compiledSQL?.contains(#"from "dbt_jaffle_classic"."public"."stg_orders""#) == true)
        #expect(orders.columns.contains { $0.name == "order_id" })
        #expect(loaded.tests.contains { $0.name == "unique" && $0.attachedNode == "model.jaffle_shop.orders" && $0.column == "order_id" })
        let consumers = loaded.consumers
        #expect(consumers.filter { $0.kind == .dbtModel }.count == 5)
        #expect(consumers.first { $0.name == "orders" }?.builds == "public.orders")
    }

    @Test("Keel renders jaffle_shop's raw code exactly as dbt compiled it")
    func rendersLikeDbt() throws {
        // Rebuild the project folder from the manifest's raw code, load it with Keel, and compare.
        let url = try SharedFixtures.url("corpora/dbt_manifests/jaffle_shop_manifest.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var files = ["dbt_project.yml": "name: jaffle_shop\nconfig-version: 2\nprofile: jaffle_shop\nmodels:\n  jaffle_shop:\n    materialized: table\n    staging:\n      materialized: view\n"]
        for case let node as [String: Any] in (json["nodes"] as? [String: Any] ?? [:]).values {
            guard let path = node["original_file_path"] as? String else { continue }
            if node["resource_type"] as? String == "model" { files[path] = (node["raw_code"] as? String ?? "") + "\n" }
            if node["resource_type"] as? String == "seed" { files[path] = "id\n1\n" }
        }
        let root = try LineageFixtures.write(files)
        let rendered = try DbtProjectLoader.load(root, options: DbtLoadOptions(
            target: DbtTarget(schema: "public", database: "dbt_jaffle_classic")))
        let compiled = try DbtManifestLoader.load(url.path)
        for model in compiled.models {
            let mine = try #require(rendered.node(named: model.name))
            #expect(mine.compiledSQL == model.compiledSQL, "\(model.name)")
            #expect(mine.materialization == model.materialization, "\(model.name)")
            #expect(mine.relation == model.relation, "\(model.name)")
            #expect(mine.dependsOn == model.dependsOn, "\(model.name)")
        }
    }

    @Test("a manifest without compiled SQL (dbt parse): Keel renders the raw code with the manifest's relations")
    func parsedOnly() throws {
        let url = try SharedFixtures.url("corpora/dbt_manifests/jaffle_shop_manifest.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var nodes = json["nodes"] as? [String: [String: Any]] ?? [:]
        for key in nodes.keys { nodes[key]?["compiled_code"] = nil }
        json["nodes"] = nodes
        let stripped = try JSONSerialization.data(withJSONObject: json)
        let rendered = try DbtManifestLoader.decode(stripped, path: "manifest.json")
        let compiled = try DbtManifestLoader.load(url.path)
        #expect(rendered.diagnostics.isEmpty, "\(rendered.diagnostics)")
        for model in compiled.models {
            let mine = try #require(rendered.node(id: model.uniqueId))
            #expect(mine.sqlOrigin == .keelRendered)
            #expect(mine.compiledSQL == model.compiledSQL, "\(model.name)")
        }
    }

    @Test("bad manifests fail with a code", arguments: [
        ("{", "lineage.dbt-manifest-invalid"),
        (#"{"metadata": {}}"#, "lineage.dbt-manifest-invalid"),
        (#"{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v4.json"}, "nodes": {}, "sources": {}}"#,
         "lineage.dbt-manifest-version"),
    ])
    func badManifest(json: String, code: String) {
        do {
            _ = try DbtManifestLoader.decode(Data(json.utf8), path: "manifest.json")
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }
}
