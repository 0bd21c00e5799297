import Foundation
import KeelSQL
import KeelTestSupport
import Testing

/// The printer over real queries: printing is stable (print → parse → print gives the same text).
@Suite("Printer round-trips over the corpora")
struct RoundTripTests {
    static func queries(in text: String) -> [Query] {
        Parser.parse(text).statements.compactMap { statement in
            switch statement.kind {
            case .query(let query): query
            case .createView(let view): view.query
            case .createTableAs(let ctas): ctas.query
            default: nil
            }
        }
    }

    @Test("every chado and pagila view prints stably", arguments: ["corpora/pg_schemas/chado.sql", "corpora/pg_sample_data/pagila.sql"])
    func views(path: String) throws {
        let text = try String(contentsOf: try SharedFixtures.url(path), encoding: .utf8)
        let queries = Self.queries(in: text)
        #expect(!queries.isEmpty)
        var failures: [String] = []
        for query in queries {
            let printed = SQLPrinter.print(query)
            let reparsed = Parser.parse(printed)
            guard !reparsed.hasErrors, case .query(let again) = reparsed.statements.first?.kind else {
                failures.append("does not re-parse: \(printed.prefix(300)) — \(reparsed.errors.first?.message ?? "")")
                continue
            }
            let second = SQLPrinter.print(again)
            if second != printed { failures.append("unstable:\n  \(printed.prefix(300))\n  \(second.prefix(300))") }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(queries.count):\n\(failures.prefix(5).joined(separator: "\n"))")
    }

    @Test("every compiled hubspot model prints stably")
    func dbtModels() throws {
        let url = try SharedFixtures.url("corpora/dbt_manifests/hubspot_manifest.json")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var checked = 0
        for case let node as [String: Any] in (manifest["nodes"] as? [String: Any] ?? [:]).values {
            guard node["resource_type"] as? String == "model", let code = node["compiled_code"] as? String else { continue }
            for query in Self.queries(in: code) {
                let printed = SQLPrinter.print(query)
                let again = Self.queries(in: printed)
                #expect(again.count == 1)
                #expect(again.first.map(SQLPrinter.print) == printed)
                checked += 1
            }
        }
        #expect(checked >= 125)
    }
}
