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

    /// Quoted only when PostgreSQL needs it. For humans and generated model code, never for DDL.
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

    /// Whether `name` must be quoted to survive PostgreSQL's lower-casing and keyword rules.
    static func needsQuoting(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return true }
        if !(first == "_" || ("a"..."z").contains(first)) { return true }
        for scalar in name.unicodeScalars {
            let ok = scalar == "_" || scalar == "$" || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
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

/// Words PostgreSQL reserves (SQL key words marked "reserved" in the PostgreSQL 15 appendix),
/// which must be quoted when used as names.
enum ReservedWords {
    static let reserved: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
        "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
        "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
        "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable",
        "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze",
        "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect",
        "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
        "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order",
        "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
        "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then",
        "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when",
        "where", "window", "with",
    ]
}
