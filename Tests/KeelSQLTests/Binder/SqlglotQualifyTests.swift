import Foundation
import KeelSQL
import KeelTestSupport
import Testing

/// The binder checked against sqlglot's `qualify_columns` fixtures (../shared/corpora/sql).
///
/// Both sides are normalized through Keel's printer: the expected SQL is parsed and printed, and
/// compared with the printed, bound input. Cases in dialects other than PostgreSQL and sqlglot's
/// default, and the DDL and invisible-column files, are out of scope.
@Suite("Binder vs sqlglot qualify_columns")
struct SqlglotQualifyTests {
    struct Pair: Sendable {
        let index: Int
        let sql: String
        let expected: String
    }

    static func load() throws -> (pairs: [Pair], schema: SchemaMap) {
        let url = try SharedFixtures.url("corpora/sql/sqlglot_qualify_columns.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        let schemaJSON = json["schema"] as? [String: [String: String]] ?? [:]
        var tables: [String: [String]] = [:]
        // The fixture's schema is a JSON object, so column order follows sqlglot's source: a, b / b, c / …
        let order: [String: [String]] = [
            "x": ["a", "b"], "y": ["b", "c"], "z": ["b", "c"], "w": ["d", "e"], "temporal": ["d", "t"],
            "structs": ["one", "nested_0", "quoted"], "t_bool": ["a", "b"],
            "unpivotable": ["id", "jan", "feb", "north", "south"], "pivotable": ["id", "cat", "val", "kind", "amt"],
        ]
        for (table, columns) in schemaJSON {
            tables[table] = order[table] ?? columns.keys.sorted()
        }
        let files = json["files"] as? [String: [[String: Any]]] ?? [:]
        var pairs: [Pair] = []
        for (offset, item) in (files["qualify_columns"] ?? []).enumerated() {
            let meta = item["meta"] as? [String: String] ?? [:]
            let dialect = meta["dialect"] ?? "postgres"
            guard dialect == "postgres", let sql = item["sql"] as? String, let expected = item["expected"] as? String else { continue }
            pairs.append(Pair(index: offset, sql: sql, expected: expected))
        }
        return (pairs, SchemaMap(tables))
    }

    static func check(_ pair: Pair, schema: SchemaMap) -> Bool {
        let input = Parser.parse(pair.sql)
        let expected = Parser.parse(pair.expected)
        guard !input.hasErrors, !expected.hasErrors, input.statements.count == 1, expected.statements.count == 1,
              case .query(let query) = input.statements[0].kind,
              case .query(let expectedQuery) = expected.statements[0].kind else {
            if ProcessInfo.processInfo.environment["KEEL_SHOW_FAILURES"] != nil {
                print("#\(pair.index) PARSE \(pair.sql) :: \((input.errors + expected.errors).first?.message ?? "")")
            }
            return false
        }
        let binder = Binder(schema: schema, options: BinderOptions(searchPath: [], projectionNaming: .sqlglot))
        let bound = binder.bind(query)
        let ok = SQLPrinter.print(bound.query) == SQLPrinter.print(expectedQuery)
        if !ok, ProcessInfo.processInfo.environment["KEEL_SHOW_FAILURES"] != nil {
            print("#\(pair.index) \(pair.sql)\n  got:  \(SQLPrinter.print(bound.query))\n  want: \(SQLPrinter.print(expectedQuery))")
        }
        return ok
    }

    @Test("pass rate does not drop")
    func passRate() throws {
        let (pairs, schema) = try Self.load()
        let passed = pairs.filter { Self.check($0, schema: schema) }.count
        let rate = Double(passed) / Double(max(1, pairs.count))
        print("sqlglot qualify_columns: \(passed)/\(pairs.count) PostgreSQL-dialect pairs pass (\(Int(rate * 100))%)")
        #expect(pairs.count > 190)
        #expect(passed >= Self.minimumPassing, "\(passed)/\(pairs.count) passed")
    }

    /// Raise this as the binder improves; the test fails if the pass count drops below it.
    static let minimumPassing = 156
}
