import KeelSQL
import Testing

/// sqlglot-style input/expected pairs (Fixtures/normalize.sql): the printer's canonical form.
@Suite("Printer normalization (Fixtures/normalize.sql)")
struct NormalizeTests {
    struct Pair: CustomTestStringConvertible, Sendable {
        let line: Int
        let input: String
        let expected: String
        var testDescription: String { "normalize.sql:\(line)" }
    }

    static let pairs: [Pair] = {
        let lines = Fixtures.sections("normalize.sql")
        return stride(from: 0, to: lines.count - 1, by: 2).map { offset in
            Pair(line: lines[offset].line, input: String(lines[offset].text.dropLast()), expected: String(lines[offset + 1].text.dropLast()))
        }
    }()

    @Test("the fixture is loaded")
    func loaded() { #expect(Self.pairs.count >= 25) }

    @Test("prints the canonical form", arguments: pairs)
    func normalizes(_ pair: Pair) throws {
        #expect(SQLPrinter.print(try query(pair.input)) == pair.expected)
        // The canonical form is a fixed point.
        #expect(SQLPrinter.print(try query(pair.expected)) == pair.expected)
    }
}
