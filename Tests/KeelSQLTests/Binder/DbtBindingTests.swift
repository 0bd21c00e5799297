import Foundation
import KeelSQL
import KeelTestSupport
import Testing

/// Every compiled hubspot / jaffle_shop model binds against the dbt catalog without unknown or ambiguous columns.
@Suite("Binder on dbt models")
struct DbtBindingTests {
    static func schema(_ project: String) throws -> SchemaMap {
        let url = try SharedFixtures.url("corpora/dbt_manifests/\(project)_catalog.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var tables: [String: [String]] = [:]
        for section in ["nodes", "sources"] {
            for case let node as [String: Any] in (json[section] as? [String: Any] ?? [:]).values {
                guard let metadata = node["metadata"] as? [String: Any], let schema = metadata["schema"] as? String,
                      let name = metadata["name"] as? String,
                      let columns = node["columns"] as? [String: [String: Any]] else { continue }
                let ordered = columns.values.sorted { ($0["index"] as? Int ?? 0) < ($1["index"] as? Int ?? 0) }
                tables["\(schema).\(name)"] = ordered.compactMap { $0["name"] as? String }
            }
        }
        return SchemaMap(tables)
    }

    @Test("models bind cleanly", arguments: ["hubspot", "jaffle_shop"])
    func bindModels(project: String) throws {
        let schema = try Self.schema(project)
        let url = try SharedFixtures.url("corpora/dbt_manifests/\(project)_manifest.json")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var bound = 0
        var problems: [String] = []
        for (id, value) in (manifest["nodes"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let node = value as? [String: Any], node["resource_type"] as? String == "model",
                  let code = node["compiled_code"] as? String,
                  case .query(let query) = Parser.parse(code).statements.first?.kind else { continue }
            let result = Binder(schema: schema).bind(query)
            bound += 1
            for diagnostic in result.diagnostics {
                problems.append("\(id): \(diagnostic.message)")
            }
        }
        #expect(bound >= (project == "hubspot" ? 125 : 5))
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(20).joined(separator: "\n"))")
    }
}
