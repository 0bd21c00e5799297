import KeelSQL

/// A relation as stored: its schema and name, case preserved and unquoted.
///
/// KeelSQL reports relations in display form (`public."Order Items"`); the graph keys them by their
/// stored parts, and names them in display form again through ``display``.
struct RelationKey: Hashable, Sendable, Comparable {
    var schema: String
    var name: String

    /// `schema.name`, each part quoted only where SQL needs it.
    var display: String { SQLPrinter.identifier(schema) + "." + SQLPrinter.identifier(name) }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.schema, lhs.name) < (rhs.schema, rhs.name) }

    /// Parses a display-form name: `a.b`, `"A b".c`, `db.schema.table` (the database is dropped).
    /// Unquoted parts are taken as written (KeelSQL already folded them); `nil` for fewer than two parts.
    static func parse(_ display: String) -> RelationKey? {
        let parts = NameParts.split(display, foldCase: false)
        guard parts.count >= 2 else { return nil }
        return RelationKey(schema: parts[parts.count - 2], name: parts[parts.count - 1])
    }

    /// A `schema.name` string whose parts are raw (loaders write `builds` this way): split at the first dot.
    static func raw(_ text: String) -> RelationKey? {
        guard let dot = text.firstIndex(of: ".") else { return nil }
        return RelationKey(schema: String(text[..<dot]), name: String(text[text.index(after: dot)...]))
    }
}

/// Splits dotted SQL names into parts, honouring double quotes (`""` inside quotes is one quote).
enum NameParts {
    /// The parts of `text`. With `foldCase`, unquoted parts are lower-cased as PostgreSQL does.
    static func split(_ text: String, foldCase: Bool) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var characters = Array(text)[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        current.append("\"")
                        characters = characters.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                quoted = true
                wasQuoted = true
            case ".":
                parts.append(wasQuoted || !foldCase ? current : current.lowercased())
                current = ""
                wasQuoted = false
            default:
                current.append(character)
            }
        }
        parts.append(wasQuoted || !foldCase ? current : current.lowercased())
        return parts
    }
}
