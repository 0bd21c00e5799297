import Foundation

/// Splits a name as a spec writes it (`invoices`, `billing.invoices`, `"Mixed Case"`,
/// `public."a""b"`) into parts, folding unquoted parts to lower case as PostgreSQL does.
enum SpecName {
    static func parts(_ text: String) -> [String]? {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var chars = Array(text.trimmingCharacters(in: .whitespaces))
        guard !chars.isEmpty else { return nil }
        var i = 0
        func finish() -> Bool {
            guard !current.isEmpty || wasQuoted else { return false }
            parts.append(wasQuoted ? current : current.lowercased())
            current = ""
            wasQuoted = false
            return true
        }
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        current.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                guard current.isEmpty else { return nil }
                quoted = true
                wasQuoted = true
            } else if c == "." {
                guard finish() else { return nil }
            } else if c.isLetter || c.isNumber || c == "_" || c == "$" {
                guard !wasQuoted else { return nil }
                current.append(c)
            } else {
                return nil
            }
            i += 1
        }
        chars.removeAll()
        guard !quoted, finish() else { return nil }
        return parts
    }
}
