import Foundation
import KeelCore
import Testing

@Suite struct CanonicalJSONTests {
    struct Sample: Codable, Equatable {
        var zeta: Int
        var alpha: String
        var path: String
    }

    @Test func sortsKeysKeepsSlashesAndEndsWithANewline() throws {
        let data = try CanonicalJSON.encode(Sample(zeta: 1, alpha: "a", path: "x/y"))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text == "{\n  \"alpha\": \"a\",\n  \"path\": \"x/y\",\n  \"zeta\": 1\n}\n")
    }

    struct Everything: Codable, Equatable {
        var text = "quote \" backslash \\ newline \n tab \t bell \u{07} naïve ✓"
        var numbers: [Int64] = [0, -1, Int64.max]
        var flags = [true, false]
        var nested: [String: [String: Int]] = ["b": ["y": 2, "x": 1], "a": [:], "B": ["z": 3]]
        var empty: [String] = []
        var missing: String? = nil
        var present: String? = "here"
        var date = Date(timeIntervalSince1970: 1_800_000_000)
        var ratio = 0.25
        var whole = 3.0
    }

    @Test func roundTripsEveryShapeThroughFoundationsDecoder() throws {
        let value = Everything()
        for data in [try CanonicalJSON.encode(value), try CanonicalJSON.encodeCompact(value)] {
            #expect(try CanonicalJSON.decode(Everything.self, from: data) == value)
            #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
        }
        let compact = String(decoding: try CanonicalJSON.encodeCompact(value), as: UTF8.self)
        #expect(compact.hasPrefix(#"{"date":"2027-01-15T08:00:00Z","empty":[],"flags":[true,false],"nested":{"B":{"z":3},"a":{},"b":{"x":1,"y":2}},"numbers":[0,-1,9223372036854775807],"present":"here","ratio":0.25,"#))
        #expect(compact.contains(#""text":"quote \" backslash \\ newline \n tab \t bell \u0007 naïve ✓""#))
        #expect(!compact.contains("missing"))
    }

    @Test func refusesNonFiniteNumbers() {
        struct Bad: Encodable { var value = Double.nan }
        #expect(throws: EncodingError.self) { try CanonicalJSON.encode(Bad()) }
    }

    @Test func equalValuesHashEqually() throws {
        let a = try ContentHash(canonical: Sample(zeta: 1, alpha: "a", path: "p"))
        let b = try ContentHash(canonical: Sample(zeta: 1, alpha: "a", path: "p"))
        let c = try ContentHash(canonical: Sample(zeta: 2, alpha: "a", path: "p"))
        #expect(a == b)
        #expect(a != c)
        #expect(a.value.hasPrefix("sha256:") && a.value.count == 7 + 64)
        #expect(a.short.count == 12)
    }
}
