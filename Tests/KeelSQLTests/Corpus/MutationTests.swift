import Foundation
import KeelSQL
import KeelTestSupport
import Testing

/// A deterministic mutation fuzzer over real statements: whatever the damage, the parser returns
/// statements and diagnostics with ranges inside the text, and never traps.
@Suite("Mutated corpus input never traps")
struct MutationTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments = ["(", ")", "[", "]", ",", ";", "'", "\"", "$$", "/*", "--", "::", "SELECT", "FROM", "WHERE",
                            "CASE", "END", "JOIN", "ON", "(SELECT", "ARRAY[", "{{", "`", "\\", "E'\\", "U&'", ".", "*", "=>", "NOT"]

    @Test("token-level mutations of chado statements")
    func mutations() throws {
        let text = try String(contentsOf: try SharedFixtures.url("corpora/pg_schemas/chado.sql"), encoding: .utf8)
        let statements = SQLScript.split(text).map(\.text).filter { $0.utf8.count < 4000 }
        var generator = SplitMix(state: 42)
        var parsed = 0
        for _ in 0..<1500 {
            guard let original = statements.randomElement(using: &generator) else { break }
            var words = original.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let edits = Int.random(in: 1...4, using: &generator)
            for _ in 0..<edits where !words.isEmpty {
                let position = Int.random(in: 0..<words.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: words.remove(at: position)
                case 1: words.insert(Self.fragments.randomElement(using: &generator) ?? "(", at: position)
                case 2: words[position] = Self.fragments.randomElement(using: &generator) ?? ")"
                default: words.insert(words[position], at: position)
                }
            }
            let mutated = words.joined(separator: " ")
            let result = Parser.parse(mutated)
            let length = mutated.utf8.count
            for statement in result.statements {
                #expect(statement.range.start >= 0 && statement.range.start <= statement.range.end && statement.range.end <= length)
                _ = statement.kindName
            }
            for diagnostic in result.diagnostics {
                #expect(diagnostic.range.start <= length)
                #expect(diagnostic.line >= 1 && diagnostic.column >= 1)
                _ = diagnostic.rendered
            }
            parsed += 1
        }
        #expect(parsed == 1500)
    }

    @Test("random bytes never trap")
    func randomBytes() {
        var generator = SplitMix(state: 7)
        let alphabet = Array("SELECT FROM()[]{}'\"$;:,.*+-/<>=!~@#%^&|`?\\\n\tEUXBN_0123456789abc é€".unicodeScalars)
        for _ in 0..<2000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<80, using: &generator) {
                if let scalar = alphabet.randomElement(using: &generator) { scalars.append(scalar) }
            }
            let text = String(scalars)
            let result = Parser.parse(text)
            for diagnostic in result.diagnostics { _ = diagnostic.rendered }
            _ = SQLScript.split(text)
            _ = try? Parser.parseExpression(text)
            _ = try? Parser.parseType(text)
        }
    }
}
