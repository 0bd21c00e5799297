import Foundation
import KeelCore
import KeelPlan
import Testing

/// The migration corpus (`Fixtures/lint/*.sql`): each file says on its `-- expect:` line exactly which
/// rules Keel reports on it with the corpus catalog, so every rule is shown in unsafe and safe variants.
@Suite("Lint corpus")
struct LintCorpusTests {
    static let files: [String] = (try? LintFixtures.corpusFiles().map(\.lastPathComponent)) ?? []

    /// The rule ids on the file's `-- expect:` line.
    static func expected(_ text: String) -> [String]? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(5) where line.hasPrefix("-- expect:") {
            return line.dropFirst("-- expect:".count).split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.sorted()
        }
        return nil
    }

    @Test("the corpus has at least 60 files") func corpusIsLargeEnough() {
        #expect(Self.files.count >= 60)
    }

    @Test("each file reports exactly the rules on its expect line", arguments: files)
    func fileReportsExpectedRules(_ name: String) throws {
        let url = LintFixtures.corpusDirectory.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let expected = try #require(Self.expected(text), "\(name) has no -- expect: line")
        let findings = LintFixtures.lint(text)
        let listing = findings.map { "  \($0.line):\($0.column) \($0.rule): \($0.message)" }.joined(separator: "\n")
        #expect(LintFixtures.rules(findings) == expected, "\(name):\n\(listing)")
    }

    @Test("every rule fires somewhere in the corpus, and the corpus has safe files too")
    func everyRuleIsCovered() throws {
        var fired: Set<String> = []
        var safeFiles = 0
        for name in Self.files {
            let text = try String(contentsOf: LintFixtures.corpusDirectory.appendingPathComponent(name), encoding: .utf8)
            let expected = Self.expected(text) ?? []
            fired.formUnion(expected)
            if expected.isEmpty || text.hasPrefix("-- SAFE") { safeFiles += 1 }
        }
        // require-table-schema is off by default (as in Squawk) and unused-ignore needs a stale comment;
        // both have their own tests.
        let missing = Set(Linter.rules.map(\.id)).subtracting(fired).subtracting(["require-table-schema", "unused-ignore"])
        #expect(missing.isEmpty, "rules with no unsafe corpus file: \(missing.sorted())")
        #expect(safeFiles >= 25)
    }
}
