@testable import KeelDiscover
import Testing

/// Porter's stemmer against the examples of his 1980 paper and the reference implementation's output.
@Suite struct PorterStemmerTests {
    @Test("stems as the reference implementation does", arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("ties", "ti"), ("caress", "caress"), ("cats", "cat"),
        ("feed", "feed"), ("agreed", "agre"), ("plastered", "plaster"), ("bled", "bled"), ("motoring", "motor"),
        ("sing", "sing"), ("conflated", "conflat"), ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"),
        ("tanned", "tan"), ("falling", "fall"), ("hissing", "hiss"), ("fizzed", "fizz"), ("failing", "fail"),
        ("filing", "file"), ("happy", "happi"), ("sky", "sky"), ("relational", "relat"), ("conditional", "condit"),
        ("rational", "ration"), ("valenci", "valenc"), ("hesitanci", "hesit"), ("digitizer", "digit"),
        ("conformabli", "conform"), ("radicalli", "radic"), ("differentli", "differ"), ("vileli", "vile"),
        ("analogousli", "analog"), ("vietnamization", "vietnam"), ("predication", "predic"), ("operator", "oper"),
        ("feudalism", "feudal"), ("decisiveness", "decis"), ("hopefulness", "hope"), ("callousness", "callous"),
        ("formaliti", "formal"), ("sensitiviti", "sensit"), ("sensibiliti", "sensibl"), ("generalizations", "gener"),
    ])
    func stems(_ word: String, _ stem: String) {
        #expect(PorterStemmer.stem(word) == stem)
    }

    @Test("singular and plural of catalog words meet")
    func singularAndPlural() {
        for (a, b) in [("invoices", "invoice"), ("customers", "customer"), ("categories", "category"), ("addresses", "address"),
                       ("payments", "payment"), ("orders", "ordered"), ("logins", "login")] {
            #expect(PorterStemmer.stem(a) == PorterStemmer.stem(b), "\(a) vs \(b)")
        }
    }

    @Test("leaves short, non-ASCII and mixed words alone")
    func leavesOthersAlone() {
        #expect(PorterStemmer.stem("id") == "id")
        #expect(PorterStemmer.stem("größe") == "größe")
        #expect(PorterStemmer.stem("utf8") == "utf8")
    }
}
