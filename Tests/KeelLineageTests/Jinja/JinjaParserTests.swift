import Foundation
@testable import KeelLineage
import KeelTestSupport
import Testing

@Suite("Jinja parser on real dbt projects")
struct JinjaParserTests {
    /// Every model's raw code and every macro (dbt's own, dbt-postgres', fivetran_utils', the packages') parses.
    @Test("every raw model and macro of the shared manifests parses", arguments: ["jaffle_shop", "hubspot"])
    func sharedManifests(project: String) throws {
        let url = try SharedFixtures.url("corpora/dbt_manifests/\(project)_manifest.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var templates: [(String, String)] = []
        for case let (id, node as [String: Any]) in json["nodes"] as? [String: Any] ?? [:] {
            if let raw = node["raw_code"] as? String { templates.append((id, raw)) }
        }
        for case let (id, macro as [String: Any]) in json["macros"] as? [String: Any] ?? [:] {
            if let sql = macro["macro_sql"] as? String { templates.append((id, sql)) }
        }
        var failures: [String] = []
        for (id, text) in templates {
            do { _ = try JinjaParser.parse(text, file: id) } catch { failures.append("\(id): \(error.message)") }
        }
        #expect(templates.count > 400)
        #expect(failures.isEmpty, "\(failures.count) of \(templates.count) fail:\n\(failures.prefix(15).joined(separator: "\n"))")
    }
}
