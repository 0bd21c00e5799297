import Foundation
import KeelSQL
import KeelTestSupport
import Testing

/// Cross-check with pglast, the real PostgreSQL parser (PyPI, pinned in requirements-test.txt): every
/// statement PostgreSQL accepts in the shared dumps, Keel parses fully (no error, not `.invalid`).
///
/// pglast splits the dumps itself (after removing psql meta-commands and COPY data, as psql does),
/// so Keel's splitter is checked too. A missing venv or pglast is a failure with the install hint.
@Suite("Cross-check with pglast")
struct PglastCrossCheckTests {
    static let dumps = [
        "corpora/pg_sample_data/pagila.sql",
        "corpora/pg_schemas/chado.sql",
        "corpora/pg_schemas/danbooru.sql",
    ]

    static let installHint = "run scripts/test (it installs the test venv), or: python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt"

    /// `$KEEL_VENV/bin/python`, else `<package root>/.venv/bin/python`.
    static var python: String { TestVenv.directory + "/bin/python" }

    struct Output: Decodable {
        struct Item: Decodable {
            let text: String
            let accepted: Bool
        }
        let pglast: String
        let files: [String: [Item]]
    }

    @Test("Keel accepts every statement PostgreSQL accepts in pagila, Chado and Danbooru")
    func keelAcceptsWhatPostgresAccepts() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            Issue.record("the test venv's Python is missing at \(Self.python); \(Self.installHint)")
            return
        }
        let paths = try Self.dumps.map { try SharedFixtures.url($0).path }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pglast/statements.py").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("keel-pglast-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [script, out.path] + paths
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if errorText.contains("No module named 'pglast'") {
                Issue.record("pglast is not installed in \(Self.python); \(Self.installHint)")
            } else {
                Issue.record("the pglast script failed (\(process.terminationStatus)):\n\(errorText.suffix(2000))")
            }
            return
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(contentsOf: out))
        #expect(output.pglast.hasPrefix("v8.8") || output.pglast.hasPrefix("8.8"), "pin pglast==8.8, found \(output.pglast)")
        var checked = 0
        for path in paths {
            let items = try #require(output.files[path])
            let accepted = items.filter(\.accepted)
            #expect(accepted.count > 100, "pglast accepted only \(accepted.count) statements of \(path)")
            var rejected: [String] = []
            for item in accepted {
                let result = Parser.parse(item.text)
                checked += 1
                let invalid = result.statements.contains { if case .invalid = $0.kind { true } else { false } }
                if result.hasErrors || invalid || result.statements.count != 1 {
                    rejected.append("\(item.text.prefix(160))\n  \(result.errors.first?.rendered ?? "\(result.statements.count) statements")")
                }
            }
            #expect(rejected.isEmpty, "\(rejected.count) statements of \(path) that PostgreSQL accepts, Keel does not:\n\(rejected.prefix(10).joined(separator: "\n"))")
            // Keel's splitter finds the same statements (COPY … FROM stdin included, its data skipped).
            #expect(SQLScript.split(try String(contentsOfFile: path, encoding: .utf8)).count == items.count, "statement count of \(path)")
        }
        #expect(checked > 5_000)
    }
}
