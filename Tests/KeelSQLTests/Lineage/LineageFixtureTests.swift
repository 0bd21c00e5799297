import Foundation
import KeelSQL
import Testing

/// One lineage case from `Fixtures/lineage/*.sql`.
///
/// A file starts with `-- schema: schema.table: col, col, …` lines (the metadata; `-- schema: none`
/// for none) and `-- search-path: a, b`. Then cases follow, separated by blank lines: the SQL (one
/// or more statements), then the expectations of its **last** statement as comments:
///
/// ```sql
/// INSERT INTO t (c) SELECT a FROM s WHERE k > 0;
/// -- kind: insert
/// -- target: public.t
/// -- col c: public.s.a DIRECT IDENTITY
/// -- indirect: public.s.k FILTER
/// ```
///
/// Columns are exact and in order (every output column needs a `-- col` line; `-- col c:` with
/// nothing after means no sources); edges are compared as sets. Omitted `indirect` means none;
/// `-- error: code` / `-- warning: code` list the expected diagnostic codes (none otherwise). Earlier
/// statements of a case must have no error diagnostics.
struct LineageCase: Sendable, CustomTestStringConvertible {
    let file: String
    let line: Int
    let sql: String
    let kind: String?
    let target: String??
    let columns: [(name: String, sources: [String])]
    let indirect: [String]
    let errors: [String]
    let warnings: [String]
    let schema: [String: [String]]
    let searchPath: [String]

    var testDescription: String { "\(file):\(line)" }

    static func load(_ file: String) -> [LineageCase] {
        let url = Fixtures.directory.appendingPathComponent("lineage").appendingPathComponent(file)
        guard let content = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var schema: [String: [String]] = [:]
        var searchPath = ["public"]
        var cases: [LineageCase] = []
        var sql: [String] = []
        var expectations: [String] = []
        var start = 0
        func flush() {
            defer { sql = []; expectations = [] }
            guard !sql.isEmpty else { return }
            var kind: String?
            var target: String??
            var columns: [(String, [String])] = []
            var indirect: [String] = []
            var errors: [String] = []
            var warnings: [String] = []
            for line in expectations {
                let body = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                func value(_ prefix: String) -> String? {
                    body.hasPrefix(prefix) ? String(body.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) : nil
                }
                func list(_ text: String) -> [String] {
                    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                if let text = value("kind:") { kind = text }
                else if let text = value("target:") { target = .some(text == "none" ? nil : text) }
                else if let text = value("indirect:") { indirect += list(text) }
                else if let text = value("error:") { errors += list(text) }
                else if let text = value("warning:") { warnings += list(text) }
                else if body.hasPrefix("col "), let colon = body.range(of: ": ") ?? (body.hasSuffix(":") ? body.range(of: ":", options: .backwards) : nil) {
                    let name = String(body[body.index(body.startIndex, offsetBy: 4)..<colon.lowerBound])
                    columns.append((name, list(String(body[colon.upperBound...]))))
                }
            }
            cases.append(LineageCase(file: file, line: start, sql: sql.joined(separator: "\n"), kind: kind, target: target,
                                     columns: columns, indirect: indirect, errors: errors, warnings: warnings,
                                     schema: schema, searchPath: searchPath))
        }
        for (number, raw) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { flush(); continue }
            if sql.isEmpty, trimmed.hasPrefix("-- schema:") {
                let text = trimmed.dropFirst("-- schema:".count).trimmingCharacters(in: .whitespaces)
                if text == "none" { schema = [:]; continue }
                guard let colon = text.firstIndex(of: ":") else { continue }
                schema[String(text[..<colon]).trimmingCharacters(in: .whitespaces)] = text[text.index(after: colon)...]
                    .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                continue
            }
            if sql.isEmpty, trimmed.hasPrefix("-- search-path:") {
                searchPath = trimmed.dropFirst("-- search-path:".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                continue
            }
            if trimmed.hasPrefix("--") {
                if !sql.isEmpty { expectations.append(trimmed) }
                continue
            }
            if sql.isEmpty { start = number + 1 }
            sql.append(line)
        }
        flush()
        return cases
    }

    static var all: [LineageCase] {
        let directory = Fixtures.directory.appendingPathComponent("lineage")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
        return files.flatMap(load)
    }

    /// A statement's lineage in the fixture format.
    static func render(_ statement: StatementLineage) -> String {
        var lines = ["-- kind: \(statement.kind)", "-- target: \(statement.target ?? "none")"]
        for column in statement.columns { lines.append("-- col \(column.name): " + column.sources.map(format).joined(separator: ", ")) }
        if !statement.indirect.isEmpty { lines.append("-- indirect: " + statement.indirect.map(format).joined(separator: ", ")) }
        for diagnostic in statement.diagnostics { lines.append("-- \(diagnostic.severity.rawValue): \(diagnostic.code)   (\(diagnostic.message))") }
        return lines.joined(separator: "\n")
    }

    static func format(_ source: ColumnSource) -> String { "\(source.table).\(source.column) \(source.type.rawValue) \(source.subtype.rawValue)" }
    static func format(_ source: IndirectSource) -> String { "\(source.table).\(source.column) \(source.subtype.rawValue)" }
}

@Suite("Column lineage fixtures")
struct LineageFixtureTests {
    @Test("fixture case", arguments: LineageCase.all)
    func fixture(_ item: LineageCase) throws {
        let analyzer = LineageAnalyzer(schema: SchemaMap(item.schema), searchPath: item.searchPath)
        let report = analyzer.analyze(item.sql)
        let statement = try #require(report.statements.last)
        for earlier in report.statements.dropLast() {
            #expect(!earlier.hasErrors, "statement \(earlier.index): \(earlier.diagnostics.map(\.message))")
        }
        if ProcessInfo.processInfo.environment["KEEL_LINEAGE_DUMP"] != nil { print("=== \(item.testDescription)\n\(item.sql)\n\(LineageCase.render(statement))") }
        if let kind = item.kind { #expect(statement.kind == kind) }
        if let target = item.target { #expect(statement.target == target) }
        #expect(statement.columns.map(\.name) == item.columns.map(\.name), "columns")
        for (column, expected) in zip(statement.columns, item.columns) {
            #expect(Set(column.sources.map(LineageCase.format)) == Set(expected.sources), "column \(column.name): got \(column.sources.map(LineageCase.format))")
        }
        #expect(Set(statement.indirect.map(LineageCase.format)) == Set(item.indirect), "indirect: got \(statement.indirect.map(LineageCase.format))")
        let errors = statement.diagnostics.filter { $0.severity == .error }.map(\.code)
        let warnings = statement.diagnostics.filter { $0.severity == .warning }.map(\.code)
        #expect(errors.sorted() == item.errors.sorted(), "errors: \(statement.diagnostics.map(\.message))")
        #expect(warnings.sorted() == item.warnings.sorted(), "warnings: \(statement.diagnostics.map(\.message))")
    }

    @Test("the fixtures hold at least 300 cases")
    func count() {
        #expect(LineageCase.all.count >= 300)
    }
}
