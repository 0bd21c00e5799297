/// dbt model text with its Jinja blanked out byte for byte, so the SQL parses and every token
/// keeps its file offset. `{{ ref('m') }}` and `{{ source('s', 't') }}` become placeholder
/// names of the same length that stand for the model's input relation of that name.
struct JinjaMask {
    static let prefix = "_kj"
    var text: String
    /// Placeholder → relation (`public.invoices`).
    var placeholders: [String: String] = [:]

    init(_ source: String, inputs: [String]) {
        var bytes = Array(source.utf8)
        var i = 0
        let open = UInt8(ascii: "{"), newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
        while i + 1 < bytes.count {
            guard bytes[i] == open else { i += 1; continue }
            let kind = bytes[i + 1]
            let closer: UInt8 = switch kind {
            case UInt8(ascii: "{"): UInt8(ascii: "}")
            case UInt8(ascii: "%"): UInt8(ascii: "%")
            case UInt8(ascii: "#"): UInt8(ascii: "#")
            default: 0
            }
            guard closer != 0 else { i += 1; continue }
            var j = i + 2
            while j + 1 < bytes.count, !(bytes[j] == closer && bytes[j + 1] == UInt8(ascii: "}")) { j += 1 }
            guard j + 1 < bytes.count else { break }
            let end = j + 2
            let inner = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
            var replacement = bytes[i..<end].map { $0 == newline ? newline : space }
            if kind == UInt8(ascii: "{") {
                if let name = Self.referencedName(inner), let relation = inputs.first(where: { Self.lastPart($0) == name }) {
                    let placeholder = Self.placeholder(number: placeholders.count, length: end - i)
                    placeholders[placeholder] = relation
                    replacement = Array(placeholder.utf8)
                } else if !inner.contains("config(") {
                    replacement = Array(("NULL" + String(repeating: " ", count: max(0, end - i - 4))).utf8)
                }
            }
            bytes.replaceSubrange(i..<end, with: replacement)
            i = end
        }
        text = String(decoding: bytes, as: UTF8.self)
    }

    static func placeholder(number: Int, length: Int) -> String {
        let base = prefix + String(number)
        return base + String(repeating: "_", count: max(0, length - base.count))
    }

    /// `ref('m')` → m; `source('s', 't')` → t.
    static func referencedName(_ expression: String) -> String? {
        guard expression.contains("ref(") || expression.contains("source(") else { return nil }
        let quoted = expression.split(whereSeparator: { $0 == "'" || $0 == "\"" })
        // Quoted arguments sit at the odd positions: x('a', 'b') → [x(, a, ", ", b, )].
        let arguments = quoted.enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        return arguments.last?.lowercased()
    }

    static func lastPart(_ name: String) -> String? {
        SpecName.parts(name)?.last
    }
}
