import KeelCore
import KeelTestSupport
import Testing

@Suite struct IdentifierTests {
    @Test func quotesAlwaysAndDoublesEmbeddedQuotes() throws {
        #expect(try Identifier("invoices").quoted == "\"invoices\"")
        #expect(try Identifier("a\"b").quoted == "\"a\"\"b\"")
        #expect(try Identifier("a\"; DROP TABLE x; --").quoted == "\"a\"\"; DROP TABLE x; --\"")
    }

    @Test func displayQuotesOnlyWhenPostgresNeedsIt() throws {
        #expect(try Identifier("invoices").display == "invoices")
        #expect(try Identifier("Invoices").display == "\"Invoices\"")
        #expect(try Identifier("select").display == "\"select\"")
        #expect(try Identifier("1st").display == "\"1st\"")
        #expect(try Identifier("Mixed Case").display == "\"Mixed Case\"")
        #expect(try Identifier("amount_$").display == "\"amount_$\"")  // quote_ident quotes $ too
        #expect(try Identifier("between").display == "\"between\"")   // a column-name key word
        #expect(try Identifier("int").display == "\"int\"")
        #expect(try Identifier("name").display == "name")             // unreserved
    }

    @Test func rejectsEmptyNulAndNamesPostgresWouldTruncate() {
        #expect(throws: IdentifierError.empty) { try Identifier("") }
        #expect(throws: IdentifierError.self) { try Identifier("a\0b") }
        #expect(throws: IdentifierError.self) { try Identifier(String(repeating: "x", count: 64)) }
        // 63 bytes is the limit, counted in bytes, not characters.
        #expect((try? Identifier(String(repeating: "x", count: 63))) != nil)
        #expect(throws: IdentifierError.self) { try Identifier(String(repeating: "é", count: 32)) }
    }

    @Test func errorCodesAreStable() {
        #expect(IdentifierError.empty.code == "name.empty")
        #expect(IdentifierError.tooLong(name: "x", bytes: 64).code == "name.too-long")
    }

    @Test(arguments: EvilNames.all)
    func everyEvilNameRoundTripsThroughJSON(name: String) throws {
        let identifier = try Identifier(name)
        let data = try CanonicalJSON.encode(identifier)
        #expect(try CanonicalJSON.decode(Identifier.self, from: data) == identifier)
    }

    @Test func qualifiedNamesQuoteBothParts() throws {
        let name = try QualifiedName(schema: "Billing", name: "invoices")
        #expect(name.quoted == "\"Billing\".\"invoices\"")
        #expect(name.display == "\"Billing\".invoices")
    }
}
