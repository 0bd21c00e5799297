import Foundation
import KeelCore
import KeelPlan
import KeelPostgres
import KeelSQL
import KeelTestSupport
import Testing

/// §4 parity: run squawk-cli (PyPI, pinned in requirements-test.txt) and Keel over the corpus, and
/// require Keel to flag everything Squawk flags, on the same statement and under the same rule id,
/// except the disagreements listed in `Fixtures/lint/squawk-disagreements.tsv`, each with a reason
/// that `docs/lint.md` explains. A stale entry (Keel now agrees) fails too. A missing squawk is a
/// failure with the install hint, never a skip.
@Suite("Squawk parity")
struct SquawkParityTests {
    static let squawkVersion = "2.70.0"
    static let installHint = "run scripts/test (it installs requirements-test.txt into .venv), or: .venv/bin/pip install squawk-cli==\(squawkVersion)"
    /// Rules Squawk reports once per file; they match on the file, not the statement.
    static let fileLevel: Set<String> = ["require-lock-timeout", "require-statement-timeout", "ban-uncommitted-transaction"]

    static var squawk: String { TestVenv.directory + "/bin/squawk" }

    struct SquawkFinding: Decodable, Hashable {
        let file: String
        let line: Int
        let column: Int
        let rule_name: String
        let message: String
    }

    /// One documented disagreement: Squawk flags `rule` at `file:line`, Keel does not, for `reason`.
    struct Disagreement: Hashable {
        let file: String
        let line: Int
        let rule: String
        let reason: String
    }

    static func disagreements() throws -> [Disagreement] {
        let text = try String(contentsOf: LintFixtures.corpusDirectory.appendingPathComponent("squawk-disagreements.tsv"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 4, let number = Int(fields[1]) else { return nil }
            return Disagreement(file: fields[0], line: number, rule: fields[2], reason: fields[3])
        }
    }

    /// The byte offset of a 0-based line and column.
    static func offset(line: Int, column: Int, in text: String) -> Int {
        var current = 0
        var offset = 0
        for byte in text.utf8 {
            if current == line { break }
            offset += 1
            if byte == 0x0A { current += 1 }
        }
        return offset + column
    }

    @Test("Keel flags every statement Squawk flags, except documented disagreements")
    func parity() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.squawk) else {
            Issue.record("squawk-cli is missing at \(Self.squawk); \(Self.installHint)")
            return
        }
        let version = try await ProgramRunner.run(Self.squawk, ["--version"])
        #expect(version.standardOutput.contains(Self.squawkVersion), "pin squawk-cli==\(Self.squawkVersion), found \(version.standardOutput)")

        let files = try LintFixtures.corpusFiles()
        let result = try await ProgramRunner.run(Self.squawk, ["--reporter", "json", "--pg-version", "15"] + files.map(\.lastPathComponent),
                                                 workingDirectory: LintFixtures.corpusDirectory.path)
        let squawkFindings = try JSONDecoder().decode([SquawkFinding].self, from: Data(result.standardOutput.utf8))
        // The corpus makes Squawk fire widely: about a hundred findings under most of its default rules.
        #expect(squawkFindings.count >= 90, "squawk found only \(squawkFindings.count) problems: \(result.standardError)")
        #expect(Set(squawkFindings.map(\.rule_name)).count >= 45, "squawk fired only \(Set(squawkFindings.map(\.rule_name)).sorted())")

        var unmatched: Set<Disagreement> = []
        var matched = 0
        var keelOnly = 0
        for file in files {
            let name = file.lastPathComponent
            let text = try String(contentsOf: file, encoding: .utf8)
            let statements = Parser.parse(text).statements
            let keel = LintFixtures.lint(text)
            let theirs = squawkFindings.filter { $0.file == name }
            for finding in theirs {
                let offset = Self.offset(line: finding.line, column: finding.column, in: text)
                let statement = statements.firstIndex { offset <= $0.range.end }
                let hit = keel.contains { ours in
                    ours.rule == finding.rule_name && (Self.fileLevel.contains(ours.rule) || ours.statement == statement)
                }
                if hit { matched += 1 } else {
                    unmatched.insert(Disagreement(file: name, line: finding.line + 1, rule: finding.rule_name, reason: ""))
                }
            }
            keelOnly += keel.filter { ours in
                !theirs.contains { $0.rule_name == ours.rule }
            }.count
        }
        let documented = try Self.disagreements()
        let documentedKeys = Set(documented.map { Disagreement(file: $0.file, line: $0.line, rule: $0.rule, reason: "") })
        let undocumented = unmatched.subtracting(documentedKeys).sorted { ($0.file, $0.line, $0.rule) < ($1.file, $1.line, $1.rule) }
        #expect(undocumented.isEmpty, """
            Squawk flags these and Keel does not; fix Keel or document why Keel is right (file, line, rule, reason):
            \(undocumented.map { "\($0.file)\t\($0.line)\t\($0.rule)\t?" }.joined(separator: "\n"))
            """)
        let stale = documentedKeys.subtracting(unmatched).sorted { ($0.file, $0.line, $0.rule) < ($1.file, $1.line, $1.rule) }
        #expect(stale.isEmpty, "documented disagreements that no longer happen: \(stale.map { "\($0.file):\($0.line) \($0.rule)" })")

        let docs = try String(contentsOf: PackageRoot.url.appendingPathComponent("docs/lint.md"), encoding: .utf8)
        for reason in Set(documented.map(\.reason)).sorted() {
            #expect(docs.contains("`\(reason)`"), "docs/lint.md does not explain the disagreement reason `\(reason)`")
        }
        print("squawk parity: \(squawkFindings.count) Squawk findings, \(matched) matched by Keel, \(unmatched.count) documented disagreements; Keel reports \(keelOnly) findings under rules Squawk did not fire on those files")
    }
}
