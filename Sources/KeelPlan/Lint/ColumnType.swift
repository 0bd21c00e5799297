import Foundation
import KeelSQL

/// A column type reduced to what the lock rules need: PostgreSQL's canonical base name, the
/// integer modifiers, and whether it is an array.
struct ColumnType: Hashable, Sendable {
    /// The canonical base name: `integer`, `character varying`, `timestamp with time zone`, …
    var base: String
    /// The type modifiers (`255`, `12, 2`); empty when unconstrained.
    var modifiers: [Int]
    /// Whether it is an array type.
    var isArray: Bool
    /// Whether a modifier was not a plain integer (then no widening can be proven).
    var hasOpaqueModifiers: Bool = false

    /// Aliases PostgreSQL accepts for its types, mapped to `format_type`'s names.
    static let aliases: [String: String] = [
        "int": "integer", "int4": "integer", "integer": "integer", "serial": "integer", "serial4": "integer",
        "int8": "bigint", "bigint": "bigint", "bigserial": "bigint", "serial8": "bigint",
        "int2": "smallint", "smallint": "smallint", "smallserial": "smallint", "serial2": "smallint",
        "varchar": "character varying", "character varying": "character varying",
        "char": "character", "character": "character", "bpchar": "character", "national character": "character",
        "national character varying": "character varying",
        "text": "text", "decimal": "numeric", "numeric": "numeric",
        "float4": "real", "real": "real", "float8": "double precision", "double precision": "double precision",
        "float": "double precision",
        "timestamp": "timestamp without time zone", "timestamp without time zone": "timestamp without time zone",
        "timestamptz": "timestamp with time zone", "timestamp with time zone": "timestamp with time zone",
        "time": "time without time zone", "time without time zone": "time without time zone",
        "timetz": "time with time zone", "time with time zone": "time with time zone",
        "interval": "interval", "bool": "boolean", "boolean": "boolean", "cidr": "cidr", "inet": "inet",
        "varbit": "bit varying", "bit varying": "bit varying", "bit": "bit",
    ]

    /// Serial pseudo-types: an integer column with a `nextval` default.
    static let serials: Set<String> = ["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]

    /// The type as written in a statement.
    init(_ type: TypeName) {
        var name = type.name.name.value.lowercased()
        if type.name.parts.count == 2, type.name.schema?.value == "pg_catalog" { name = type.name.name.value.lowercased() }
        else if type.name.parts.count > 1 { name = type.name.parts.map(\.value).joined(separator: ".") }
        base = Self.aliases[name] ?? name
        if name == "float", let precision = Self.integer(type.modifiers.first), precision <= 24 { base = "real" }
        var values: [Int] = []
        var opaque = false
        if name != "float" {
            for modifier in type.modifiers {
                if let value = Self.integer(modifier) { values.append(value) } else { opaque = true }
            }
        }
        if base == "character", values.isEmpty, name != "bpchar" { values = [1] }  // char means char(1)
        modifiers = values
        hasOpaqueModifiers = opaque
        isArray = !type.arrayBounds.isEmpty
    }

    /// The type as the catalog prints it (`format_type`), e.g. `character varying(80)`, `numeric(12,2)`,
    /// `timestamp(3) with time zone`, `integer[]`; `nil` if it does not parse.
    init?(catalogText: String) {
        guard let type = try? Parser.parseType(catalogText) else { return nil }
        self.init(type)
    }

    static func integer(_ expression: SQLExpression?) -> Int? {
        guard let expression else { return nil }
        if case .literal(.number(let text)) = expression.kind { return Int(text) }
        return nil
    }

    /// The name as `format_type` prints it, for messages.
    var display: String {
        var text = base
        if !modifiers.isEmpty {
            let list = modifiers.map(String.init).joined(separator: ",")
            if let range = base.range(of: " with") ?? base.range(of: " without"),
               base.hasPrefix("time") {
                text = String(base[..<range.lowerBound]) + "(\(list))" + String(base[range.lowerBound...])
            } else {
                text += "(\(list))"
            }
        }
        return text + (isArray ? "[]" : "")
    }

    /// Whether changing a column from `self` to `target` keeps every stored value as is, so
    /// PostgreSQL neither rewrites the table nor rebuilds its indexes (`postgres-locks.md`).
    /// `timeZoneIsUTC` allows `timestamp` → `timestamptz` (PG12+ skips the rewrite when the session
    /// time zone is UTC).
    func changeIsBinaryCoercible(to target: ColumnType, timeZoneIsUTC: Bool) -> Bool {
        if hasOpaqueModifiers || target.hasOpaqueModifiers { return false }
        if self == target { return true }
        guard isArray == target.isArray else { return false }
        let widens = { () -> Bool in
            // Unconstrained target, or every modifier at least as large.
            if target.modifiers.isEmpty { return true }
            if self.modifiers.isEmpty { return false }
            return target.modifiers.first ?? 0 >= self.modifiers.first ?? 0
        }
        switch (base, target.base) {
        case ("character varying", "character varying"), ("bit varying", "bit varying"):
            return widens()
        case ("character varying", "text"):
            return true
        case ("text", "character varying"):
            return target.modifiers.isEmpty
        case ("numeric", "numeric"):
            if target.modifiers.isEmpty { return true }
            guard modifiers.count >= 1, target.modifiers.count >= 1 else { return false }
            let scale = modifiers.count > 1 ? modifiers[1] : 0
            let targetScale = target.modifiers.count > 1 ? target.modifiers[1] : 0
            return scale == targetScale && target.modifiers[0] >= modifiers[0]
        case ("timestamp without time zone", "timestamp without time zone"),
             ("timestamp with time zone", "timestamp with time zone"),
             ("time without time zone", "time without time zone"),
             ("time with time zone", "time with time zone"),
             ("interval", "interval"):
            return temporalPrecisionWidens(to: target)
        case ("timestamp without time zone", "timestamp with time zone"):
            return timeZoneIsUTC && temporalPrecisionWidens(to: target)
        case ("cidr", "inet"):
            return true
        default:
            return false
        }
    }

    /// Fractional-second precision of a time type: unconstrained means 6, PostgreSQL's maximum, so
    /// `timestamp` → `timestamp(6)` and back change nothing stored.
    var temporalPrecision: Int { modifiers.first ?? 6 }

    /// Whether a time type's precision stays or grows (`timestamp(3)` → `timestamp(6)` or `timestamp`).
    func temporalPrecisionWidens(to target: ColumnType) -> Bool {
        target.temporalPrecision >= temporalPrecision
    }

    /// Integer widths, for the bigint advice.
    var isInteger: Bool { base == "integer" }
    var isSmallInteger: Bool { base == "smallint" }
}
