/// Plain data read from YAML or JSON: dbt vars, query parameter examples, Airflow params.
///
/// Encodes as the natural JSON value (`null`, `true`, `42`, `"text"`, `[…]`, `{…}`).
public indirect enum PlainValue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `null` / `~`.
    case null
    /// `true` / `false` (also YAML 1.1's yes/no/on/off).
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A floating-point number.
    case double(Double)
    /// A string.
    case string(String)
    /// A sequence.
    case list([PlainValue])
    /// A mapping with string keys.
    case mapping([String: PlainValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([PlainValue].self) { self = .list(value) }
        else { self = .mapping(try container.decode([String: PlainValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .mapping(let value): try container.encode(value)
        }
    }

    /// The value as text: strings as they are, others in a Python-like spelling.
    public var description: String {
        switch self {
        case .null: "None"
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .list(let items): "[" + items.map(\.quotedDescription).joined(separator: ", ") + "]"
        case .mapping(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "'\($0.key)': \($0.value.quotedDescription)" }
                .joined(separator: ", ") + "}"
        }
    }

    private var quotedDescription: String {
        if case .string(let value) = self { return "'\(value)'" }
        return description
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
