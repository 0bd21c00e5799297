public import KeelCore
import Foundation

/// A table as the user names it: `table`, `schema.table`, with double quotes for names that hold
/// dots, capitals or quotes (`"Sales"."Q1 ""final"""`). Unquoted parts fold to lower case, as in SQL.
public struct TableReference: Sendable, Equatable, CustomStringConvertible {
    /// The schema, or nil to follow the session's `search_path`.
    public var schema: Identifier?
    public var name: Identifier

    public init(schema: Identifier?, name: Identifier) {
        self.schema = schema
        self.name = name
    }

    /// Parses `[schema.]table` with SQL's quoting rules.
    /// - Throws: ``DiffError/invalidTableName(text:reason:)``.
    public init(parsing text: String) throws(DiffError) {
        var parts: [String] = []
        var current = ""
        var quoted = false, wasQuoted = false
        var iterator = Array(text.trimmingCharacters(in: .whitespaces)).makeIterator()
        var pending: Character?
        func fail(_ reason: String) -> DiffError { .invalidTableName(text: text, reason: reason) }
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\""); continue }
                        pending = next
                    }
                    quoted = false
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                if !current.isEmpty { throw fail("a quote must start the name part") }
                quoted = true; wasQuoted = true
            } else if c == "." {
                if current.isEmpty { throw fail("empty name part") }
                parts.append(current); current = ""; wasQuoted = false
            } else {
                if wasQuoted { throw fail("text after a closing quote") }
                current.append(contentsOf: c.lowercased())
            }
        }
        if quoted { throw fail("unterminated quote") }
        if current.isEmpty { throw fail("empty name part") }
        parts.append(current)
        guard parts.count <= 2 else { throw fail("expected table or schema.table") }
        do {
            self.schema = parts.count == 2 ? try Identifier(parts[0]) : nil
            self.name = try Identifier(parts[parts.count - 1])
        } catch {
            throw fail(error.message)
        }
    }

    /// The name as SQL text: quoted, schema-qualified when a schema was given.
    var sql: SQL {
        if let schema { return "\(schema).\(name)" }
        return "\(name)"
    }

    public var description: String {
        if let schema { return schema.display + "." + name.display }
        return name.display
    }
}

/// Parses column names the way ``TableReference`` parses table names: unquoted names fold to
/// lower case, double quotes keep case and may hold commas.
public enum ColumnList {
    /// Parses `a, b, "Mixed Case"` into identifiers.
    /// - Throws: ``DiffError/invalidOption(name:reason:)`` for an empty or invalid name.
    public static func parse(_ text: String) throws(DiffError) -> [Identifier] {
        var names: [Identifier] = []
        var current = "", quoted = false, wasQuoted = false
        var chars = Array(text)[...]
        func finish() throws(DiffError) {
            let trimmed = wasQuoted ? current : current.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw .invalidOption(name: "column list \"\(text)\"", reason: "empty column name") }
            do { names.append(try Identifier(trimmed)) } catch {
                throw .invalidOption(name: "column list \"\(text)\"", reason: error.message)
            }
            current = ""; wasQuoted = false
        }
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); current.append("\"") } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" {
                quoted = true; wasQuoted = true; current = ""
            } else if c == "," {
                try finish()
            } else if !(wasQuoted && c == " ") {
                current.append(contentsOf: c.lowercased())
            }
        }
        if quoted { throw .invalidOption(name: "column list \"\(text)\"", reason: "unterminated quote") }
        try finish()
        return names
    }
}
