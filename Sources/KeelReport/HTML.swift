/// The one escaping helper: every value that goes into the report's HTML goes through ``escape(_:)``
/// (text and attribute values alike), because SQL, names and file paths come from user input.
enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities; safe in text and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// An `id`-safe token derived from any text: letters, digits and `-`, with a stable hash suffix
    /// so that two different texts never share a token.
    static func token(_ text: String) -> String {
        var slug = ""
        for scalar in text.unicodeScalars.prefix(40) {
            if scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) { slug.unicodeScalars.append(scalar) } else if !slug.hasSuffix("-") { slug += "-" }
        }
        // FNV-1a: stable across runs (Swift's Hasher is seeded per process).
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return slug.lowercased() + "-" + String(hash, radix: 36)
    }
}

/// Appends HTML to a buffer: `html.text(value)` escapes, `html.raw(markup)` is for the report's own
/// markup only (string literals and the output of other writers), never for input values.
struct HTMLWriter {
    private(set) var output = ""

    init(capacity: Int = 0) { output.reserveCapacity(capacity) }

    /// The report's own markup, written as is.
    mutating func raw(_ markup: String) { output += markup }

    /// A value, escaped.
    mutating func text(_ value: String) { output += HTML.escape(value) }

    /// `<tag attr="value">text</tag>` with the attributes and the text escaped.
    mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], text value: String) {
        open(tag, attributes)
        text(value)
        output += "</\(tag)>"
    }

    /// `<tag attr="value">`, attributes escaped; an empty value writes the bare attribute (`hidden`).
    mutating func open(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        output += "<" + tag
        for (name, value) in attributes {
            output += value.isEmpty ? " \(name)" : " \(name)=\"\(HTML.escape(value))\""
        }
        output += ">"
    }

    mutating func close(_ tag: String) { output += "</\(tag)>" }
}
