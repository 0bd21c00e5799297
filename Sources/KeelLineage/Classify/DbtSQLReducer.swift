import Foundation

/// Reduces a raw dbt model (SQL with Jinja) to plain SQL good enough to compare two versions of it:
/// `{{ ref('m') }}` becomes the model's relation (or `m`), `{{ source('s', 't') }}` becomes `s.t`,
/// `{{ this }}` becomes `this`, comments and `config()` disappear, `{% if is_incremental() %}` blocks are
/// dropped (a full refresh), other tags are removed and other expressions become `NULL`.
enum DbtSQLReducer {
    static func reduce(_ text: String, refs: [String: String]) -> String {
        guard text.contains("{{") || text.contains("{%") || text.contains("{#") else { return text }
        var out = ""
        var rest = Substring(text)
        var skipping = 0
        while let open = rest.firstIndex(of: "{") {
            let after = rest.index(after: open)
            guard after < rest.endIndex, "{%#".contains(rest[after]) else {
                if skipping == 0 { out += rest[...open] }
                rest = rest[after...]
                continue
            }
            if skipping == 0 { out += rest[..<open] }
            let closer: String = rest[after] == "{" ? "}}" : rest[after] == "%" ? "%}" : "#}"
            guard let close = rest[after...].range(of: closer) else { break }
            var body = rest[rest.index(after: after)..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            if body.hasPrefix("-") { body.removeFirst() }
            if body.hasSuffix("-") { body.removeLast() }
            body = body.trimmingCharacters(in: .whitespacesAndNewlines)
            switch rest[after] {
            case "%":
                if body.hasPrefix("if") { if skipping > 0 || body.contains("is_incremental") { skipping += 1 } }
                else if body.hasPrefix("endif"), skipping > 0 { skipping -= 1 }
            case "{" where skipping == 0:
                out += expression(body, refs: refs)
            default:
                break
            }
            rest = rest[close.upperBound...]
        }
        if skipping == 0 { out += rest }
        return out
    }

    static func expression(_ body: String, refs: [String: String]) -> String {
        let arguments = quotedArguments(body)
        if body.hasPrefix("ref("), let name = arguments.last { return refs[name] ?? name }
        if body.hasPrefix("source("), arguments.count == 2 { return "\(arguments[0]).\(arguments[1])" }
        if body.hasPrefix("config(") { return "" }
        if body == "this" { return "this" }
        return "NULL"
    }

    /// The quoted string arguments of a call, in order.
    static func quotedArguments(_ body: String) -> [String] {
        var result: [String] = []
        var quote: Character?
        var current = ""
        for character in body {
            if let open = quote {
                if character == open { result.append(current); current = ""; quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
            }
        }
        return result
    }
}
