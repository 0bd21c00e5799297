@testable import KeelDiscover
import Testing

@Suite struct FindTokenizerTests {
    @Test("splits snake_case, camelCase, acronyms and digits", arguments: [
        ("invoice_items", ["invoice", "items"]), ("customerID", ["customer", "id"]), ("HTTPServerLog", ["http", "server", "log"]),
        ("ztblDays", ["ztbl", "days"]), ("order2item", ["order", "2", "item"]), ("Musical_Preferences", ["musical", "preferences"]),
        ("  staff  logins? ", ["staff", "logins"]), ("café_prix", ["café", "prix"]),
    ])
    func words(_ text: String, _ expected: [String]) {
        #expect(FindTokenizer.words(text) == expected)
    }

    @Test("expands abbreviations and stems, dropping numbers and single letters")
    func terms() {
        var tokenizer = FindTokenizer()
        #expect(tokenizer.identifierTerms("cust_amt") == ["custom", "amount"])
        #expect(tokenizer.identifierTerms("dob") == ["birth", "date"])
        #expect(tokenizer.identifierTerms("qty2_x") == ["quantiti"])
        #expect(tokenizer.identifierTerms("Invoices") == tokenizer.identifierTerms("invoice"))
    }

    @Test("a comment's negated sentence and parentheses are told apart; references to relations left out")
    func comments() {
        var tokenizer = FindTokenizer()
        let comment = "Staff login accounts for the back office (admin, support). NOT customers: paying accounts are in public.customers."
        let (terms, negated, phrases) = tokenizer.commentTerms(comment) { $0 == "customers" }
        let positive = Dictionary(terms.map { ($0.0, $0.1) }, uniquingKeysWith: max)
        #expect(positive["staff"] == 1)
        #expect(positive["login"] == 1)
        #expect(positive["admin"] == 0.5)
        #expect(positive["custom"] == nil)
        #expect(negated.contains("custom"))
        #expect(negated.contains("pai"))
        #expect(!negated.contains("public"))
        #expect(phrases.contains { $0 == ("staff", "login") })
        #expect(!phrases.contains { $0.1 == "custom" })
    }

    @Test("sentences end at a stop followed by a space, not inside schema.table")
    func sentences() {
        let parts = FindTokenizer.sentences("In public.users. Then this; and that").map(String.init)
        #expect(parts == ["In public.users.", " Then this;", " and that"])
    }
}
