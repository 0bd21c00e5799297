import Foundation

/// A PostgreSQL identifier (a table, column, schema, index … name), exactly as stored in the catalog.
///
/// Construction rejects names PostgreSQL would silently mangle: empty names, names containing NUL,
/// and names longer than 63 bytes (NAMEDATALEN − 1), which the server would truncate.
public struct Identifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The maximum length of an identifier in bytes.
    public static let maximumByteCount = 63

    /// The name as stored in the catalog (case preserved, no quotes).
    public let name: String

    /// Creates an identifier from a catalog name.
    /// - Throws: ``IdentifierError`` when the name is empty, contains NUL or exceeds 63 bytes.
    public init(_ name: String) throws(IdentifierError) {
        if name.isEmpty { throw .empty }
        if name.utf8.contains(0) { throw .containsNul(name: name.replacingOccurrences(of: "\0", with: "\\0")) }
        if name.utf8.count > Self.maximumByteCount { throw .tooLong(name: name, bytes: name.utf8.count) }
        self.name = name
    }

    /// Always double-quoted, with embedded quotes doubled: safe to splice into any SQL statement.
    public var quoted: String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Quoted exactly when PostgreSQL's `quote_ident` would quote it. For humans, generated model
    /// code and reproducing server-printed definitions; DDL uses ``quoted``.
    public var display: String {
        Self.needsQuoting(name) ? quoted : name
    }

    public var description: String { display }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.name < rhs.name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do { try self.init(raw) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    /// Whether `name` must be quoted: PostgreSQL's `quote_identifier` rule, exactly.
    static func needsQuoting(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return true }
        if !(first == "_" || ("a"..."z").contains(first)) { return true }
        for scalar in name.unicodeScalars {
            let ok = scalar == "_" || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if !ok { return true }
        }
        return ReservedWords.reserved.contains(name)
    }
}

/// Why a string is not a valid PostgreSQL identifier.
public enum IdentifierError: KeelError, Equatable {
    case empty
    case containsNul(name: String)
    case tooLong(name: String, bytes: Int)

    public var code: String {
        switch self {
        case .empty: "name.empty"
        case .containsNul: "name.contains-nul"
        case .tooLong: "name.too-long"
        }
    }

    public var message: String {
        switch self {
        case .empty: "an identifier cannot be empty"
        case .containsNul(let name): "identifier \(name) contains a NUL byte"
        case .tooLong(let name, let bytes):
            "identifier \"\(name)\" is \(bytes) bytes long; PostgreSQL would truncate it to 63"
        }
    }

    public var hint: String? {
        switch self {
        case .tooLong: "choose a name of at most 63 bytes"
        default: nil
        }
    }
}

/// PostgreSQL 15's key words that `quote_ident` quotes: every category except unreserved
/// (reserved, column-name and type/function-name words), from `pg_get_keywords()`.
enum ReservedWords {
    static let reserved: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between", 
        "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce", 
        "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog", 
        "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec", 
        "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract", 
        "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", 
        "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", 
        "interval", "into", "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", 
        "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", 
        "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", 
        "position", "precision", "primary", "real", "references", "returning", "right", "row", "select", 
        "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", 
        "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", 
        "values", "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat", 
        "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", 
        "xmltable",
    ]
}
