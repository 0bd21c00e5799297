import Foundation
import KeelPlan
import KeelTestSupport
import Testing

/// `docs/lint.md` against the rules' metadata, and the coverage of the peers in `../shared/docs/peers.md`:
/// every Squawk rule and every Atlas PostgreSQL analyzer listed there has a Keel rule, and the docs
/// map each of them.
@Suite("Lint docs and peer coverage")
struct LintDocsTests {
    static func docs() throws -> String {
        try String(contentsOf: PackageRoot.url.appendingPathComponent("docs/lint.md"), encoding: .utf8)
    }

    /// The Squawk rule ids and Atlas analyzer codes that peers.md lists.
    static func peers() throws -> (squawk: [String], atlas: [String]) {
        let text = try String(contentsOf: try SharedFixtures.url("docs/peers.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let squawkStart = lines.firstIndex(where: { $0.hasPrefix("**Squawk rules**") }),
              let atlasStart = lines.firstIndex(where: { $0.hasPrefix("**Atlas analyzer codes:**") }) else { return ([], []) }
        var squawk: [String] = []
        for line in lines[squawkStart...] {
            if line.hasPrefix("Suppression") { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("- "), !trimmed.hasSuffix(":") else { continue }
            let items = trimmed.dropFirst(2).split(separator: ":").last.map(String.init) ?? ""
            squawk += items.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " ;.")) }
                .filter { $0.contains("-") && $0.allSatisfy { $0.isLowercase || $0 == "-" } }
        }
        var atlas: [String] = []
        let codes = try Regex("([A-Z]{2})([0-9]{3})(?: (?:to|and) [A-Z]{2}([0-9]{3}))?")
        for line in lines[atlasStart...] {
            if line.hasPrefix("The PostgreSQL analyzers") { break }
            for match in line.matches(of: codes) {
                guard let prefix = match.output[1].substring, let first = match.output[2].substring.flatMap({ Int($0) }) else { continue }
                let last = match.output[3].substring.flatMap { Int($0) } ?? first
                atlas += (first...Swift.max(first, last)).map { "\(prefix)\($0)" }
            }
        }
        return (squawk, atlas)
    }

    @Test("docs/lint.md lists every rule with its default severity")
    func rulesAreDocumented() throws {
        let docs = try Self.docs()
        for rule in Linter.rules {
            let severity = rule.severity.rawValue + (rule.enabledByDefault ? "" : " (opt-in)")
            #expect(docs.contains("| `\(rule.id)` | \(severity) |"), "docs/lint.md has no rules-table row for \(rule.id) (\(severity))")
        }
        for heading in ["## Suppression", "keel-ignore-file", "## Output formats", "## Smarter with the catalog", "### Squawk → Keel",
                        "### Atlas → Keel", "### Where Keel and Squawk disagree"] {
            #expect(docs.contains(heading))
        }
    }

    @Test("every Squawk rule in peers.md has a Keel rule, and the docs map it")
    func squawkCoverage() throws {
        let squawk = try Self.peers().squawk
        #expect(squawk.count >= 35, "could not read the Squawk rules from peers.md: \(squawk)")
        let docs = try Self.docs()
        for name in squawk {
            let keel = Linter.rules.first { $0.peers.contains("squawk:" + name) }
            #expect(keel != nil, "no Keel rule covers Squawk's \(name)")
            if let keel { #expect(docs.contains("| `\(name)` | `\(keel.id)` |"), "docs/lint.md does not map Squawk's \(name) to \(keel.id)") }
        }
    }

    @Test("every Atlas PostgreSQL analyzer in peers.md has a Keel rule, and the docs map it")
    func atlasCoverage() throws {
        let atlas = try Self.peers().atlas
        #expect(Set(atlas).count == 21, "expected DS101-103, MF101-104, BC101-102, CD101, PG101-105, PG301-306 in peers.md: \(atlas)")
        let docs = try Self.docs()
        for code in atlas {
            let keel = Linter.rules.filter { $0.peers.contains("atlas:" + code) }
            #expect(!keel.isEmpty, "no Keel rule covers Atlas \(code)")
            let row = docs.split(separator: "\n").first { $0.hasPrefix("| \(code)") || $0.contains(", \(code) |") }
            #expect(row.map { line in keel.allSatisfy { line.contains("`\($0.id)`") } } == true,
                    "docs/lint.md's Atlas table does not map \(code) to \(keel.map(\.id))")
        }
    }
}
