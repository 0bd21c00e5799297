import KeelSQL
import Testing

/// sqlglot-style identity fixture: every line parses and prints back exactly.
@Suite("Printer identity (Fixtures/identity.sql)")
struct IdentityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let section: String
        let line: Int
        let text: String
        var testDescription: String { "identity.sql:\(line) \(text)" }
    }

    static let cases: [Case] = Fixtures.sections("identity.sql").map { Case(section: $0.section, line: $0.line, text: $0.text) }

    @Test("the fixture is loaded")
    func fixtureLoaded() {
        #expect(Self.cases.count > 200)
    }

    @Test("round-trips", arguments: cases)
    func roundTrips(_ item: Case) throws {
        switch item.section {
        case "queries":
            let parsed = try query(item.text)
            #expect(SQLPrinter.print(parsed) == item.text)
        case "expressions":
            let parsed = try Parser.parseExpression(item.text)
            #expect(SQLPrinter.print(parsed) == item.text)
            // Printing is stable: the printed text parses to the same printed text.
            #expect(SQLPrinter.print(try Parser.parseExpression(SQLPrinter.print(parsed))) == item.text)
        case "types":
            let parsed = try Parser.parseType(item.text)
            #expect(SQLPrinter.print(parsed) == item.text)
        default:
            Issue.record("unknown section \(item.section)")
        }
    }
}
