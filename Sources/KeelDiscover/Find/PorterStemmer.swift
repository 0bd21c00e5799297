/// Martin Porter's 1980 suffix-stripping stemmer, as in his reference C implementation
/// (tartarus.org/martin/PorterStemmer): `invoices` and `invoice` both become `invoic`,
/// `ordered` and `orders` become `order`. Only lowercase ASCII words are stemmed; anything
/// else is returned unchanged.
enum PorterStemmer {
    static func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        guard bytes.count > 2, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        var stemmer = Buffer(bytes)
        stemmer.run()
        return String(decoding: stemmer.b[0...stemmer.k], as: UTF8.self)
    }

    /// The word being stemmed: `b[0...k]` is the current stem, `j` the end of a matched prefix.
    private struct Buffer {
        var b: [UInt8]
        var k: Int
        var j = 0

        init(_ bytes: [UInt8]) {
            b = bytes
            k = bytes.count - 1
        }

        mutating func run() {
            step1ab()
            if k > 0 {
                step1c()
                step2()
                step3()
                step4()
                step5()
            }
        }

        func isConsonant(_ i: Int) -> Bool {
            switch b[i] {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): false
            case UInt8(ascii: "y"): i == 0 ? true : !isConsonant(i - 1)
            default: true
            }
        }

        /// The number of vowel-consonant sequences in `b[0...j]`.
        func measure() -> Int {
            var n = 0
            var i = 0
            while true {
                if i > j { return n }
                if !isConsonant(i) { break }
                i += 1
            }
            i += 1
            while true {
                while true {
                    if i > j { return n }
                    if isConsonant(i) { break }
                    i += 1
                }
                i += 1
                n += 1
                while true {
                    if i > j { return n }
                    if !isConsonant(i) { break }
                    i += 1
                }
                i += 1
            }
        }

        func vowelInStem() -> Bool {
            guard j >= 0 else { return false }
            return (0...j).contains { !isConsonant($0) }
        }

        func doubleConsonant(_ i: Int) -> Bool {
            i >= 1 && b[i] == b[i - 1] && isConsonant(i)
        }

        /// consonant-vowel-consonant ending at `i`, the last not w, x or y (hop → hope).
        func cvc(_ i: Int) -> Bool {
            if i < 2 || !isConsonant(i) || isConsonant(i - 1) || !isConsonant(i - 2) { return false }
            let c = b[i]
            return c != UInt8(ascii: "w") && c != UInt8(ascii: "x") && c != UInt8(ascii: "y")
        }

        mutating func ends(_ suffix: String) -> Bool {
            let s = Array(suffix.utf8)
            let length = s.count
            if length > k + 1 { return false }
            if b[k] != s[length - 1] { return false }
            for offset in 0..<length where b[k - length + 1 + offset] != s[offset] { return false }
            j = k - length
            return true
        }

        mutating func setTo(_ replacement: String) {
            let s = Array(replacement.utf8)
            b.replaceSubrange((j + 1)..<(k + 1), with: s)
            k = j + s.count
        }

        mutating func replaceIfMeasured(_ replacement: String) {
            if measure() > 0 { setTo(replacement) }
        }

        mutating func step1ab() {
            if b[k] == UInt8(ascii: "s") {
                if ends("sses") { k -= 2 }
                else if ends("ies") { setTo("i") }
                else if k >= 1 && b[k - 1] != UInt8(ascii: "s") { k -= 1 }
            }
            if ends("eed") {
                if measure() > 0 { k -= 1 }
            } else if (ends("ed") || ends("ing")) && vowelInStem() {
                k = j
                if ends("at") { setTo("ate") }
                else if ends("bl") { setTo("ble") }
                else if ends("iz") { setTo("ize") }
                else if doubleConsonant(k) {
                    k -= 1
                    let c = b[k]
                    if c == UInt8(ascii: "l") || c == UInt8(ascii: "s") || c == UInt8(ascii: "z") { k += 1 }
                } else {
                    j = k
                    if measure() == 1 && cvc(k) { setTo("e") }
                }
            }
        }

        mutating func step1c() {
            if ends("y") && vowelInStem() { b[k] = UInt8(ascii: "i") }
        }

        mutating func step2() {
            guard k >= 1 else { return }
            let rules: [(String, String)]
            switch b[k - 1] {
            case UInt8(ascii: "a"): rules = [("ational", "ate"), ("tional", "tion")]
            case UInt8(ascii: "c"): rules = [("enci", "ence"), ("anci", "ance")]
            case UInt8(ascii: "e"): rules = [("izer", "ize")]
            case UInt8(ascii: "l"): rules = [("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous")]
            case UInt8(ascii: "o"): rules = [("ization", "ize"), ("ation", "ate"), ("ator", "ate")]
            case UInt8(ascii: "s"): rules = [("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous")]
            case UInt8(ascii: "t"): rules = [("aliti", "al"), ("iviti", "ive"), ("biliti", "ble")]
            case UInt8(ascii: "g"): rules = [("logi", "log")]
            default: return
            }
            for (suffix, replacement) in rules where ends(suffix) {
                replaceIfMeasured(replacement)
                return
            }
        }

        mutating func step3() {
            let rules: [(String, String)]
            switch b[k] {
            case UInt8(ascii: "e"): rules = [("icate", "ic"), ("ative", ""), ("alize", "al")]
            case UInt8(ascii: "i"): rules = [("iciti", "ic")]
            case UInt8(ascii: "l"): rules = [("ical", "ic"), ("ful", "")]
            case UInt8(ascii: "s"): rules = [("ness", "")]
            default: return
            }
            for (suffix, replacement) in rules where ends(suffix) {
                replaceIfMeasured(replacement)
                return
            }
        }

        mutating func step4() {
            guard k >= 1 else { return }
            let suffixes: [String]
            switch b[k - 1] {
            case UInt8(ascii: "a"): suffixes = ["al"]
            case UInt8(ascii: "c"): suffixes = ["ance", "ence"]
            case UInt8(ascii: "e"): suffixes = ["er"]
            case UInt8(ascii: "i"): suffixes = ["ic"]
            case UInt8(ascii: "l"): suffixes = ["able", "ible"]
            case UInt8(ascii: "n"): suffixes = ["ant", "ement", "ment", "ent"]
            case UInt8(ascii: "o"):
                if ends("ion") && j >= 0 && (b[j] == UInt8(ascii: "s") || b[j] == UInt8(ascii: "t")) {
                    if measure() > 1 { k = j }
                    return
                }
                suffixes = ["ou"]
            case UInt8(ascii: "s"): suffixes = ["ism"]
            case UInt8(ascii: "t"): suffixes = ["ate", "iti"]
            case UInt8(ascii: "u"): suffixes = ["ous"]
            case UInt8(ascii: "v"): suffixes = ["ive"]
            case UInt8(ascii: "z"): suffixes = ["ize"]
            default: return
            }
            for suffix in suffixes where ends(suffix) {
                if measure() > 1 { k = j }
                return
            }
        }

        mutating func step5() {
            j = k
            if b[k] == UInt8(ascii: "e") {
                let m = measure()
                if m > 1 || (m == 1 && !cvc(k - 1)) { k -= 1 }
            }
            // As in the reference code, the measure here still spans the removed e.
            if b[k] == UInt8(ascii: "l") && doubleConsonant(k) && measure() > 1 { k -= 1 }
        }
    }
}
