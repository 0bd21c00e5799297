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
        #expect(text == "{\n  \"alpha\" : \"a\",\n  \"path\" : \"x/y\",\n  \"zeta\" : 1\n}\n")
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
