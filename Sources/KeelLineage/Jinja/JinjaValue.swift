import Foundation

/// A value while rendering a Jinja template. Lists, dicts and objects are references, as in Python,
/// so `{% do items.append(x) %}` and `{% set ns.total = … %}` work.
enum JinjaValue {
    case none
    /// A name that is not defined; it is an error to print, call or look into it.
    case undefined(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list(JinjaList)
    case dict(JinjaDict)
    case object(JinjaObject)
    case function(JinjaFunction)

    static func list(_ items: [JinjaValue]) -> JinjaValue { .list(JinjaList(items)) }

    static func dict(_ pairs: [(String, JinjaValue)]) -> JinjaValue {
        let dict = JinjaDict()
        for (key, value) in pairs { dict[key] = value }
        return .dict(dict)
    }

    /// Converts plain data (dbt vars, YAML) to a Jinja value.
    init(_ plain: PlainValue) {
        switch plain {
        case .null: self = .none
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .list(let items): self = .list(JinjaList(items.map(JinjaValue.init)))
        case .mapping(let entries):
            let dict = JinjaDict()
            for key in entries.keys.sorted() { dict[key] = JinjaValue(entries[key] ?? .null) }
            self = .dict(dict)
        }
    }

    /// Python truthiness.
    var isTruthy: Bool {
        switch self {
        case .none, .undefined: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .list(let list): !list.items.isEmpty
        case .dict(let dict): !dict.keys.isEmpty
        case .object, .function: true
        }
    }

    var isUndefined: Bool { if case .undefined = self { true } else { false } }
    var isNone: Bool { if case .none = self { true } else { false } }

    var stringValue: String? { if case .string(let value) = self { value } else { nil } }

    var intValue: Int? {
        switch self {
        case .int(let value): value
        case .bool(let value): value ? 1 : 0
        case .double(let value): Int(value)
        case .string(let value): Int(value.trimmingWhitespace())
        default: nil
        }
    }

    var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .bool(let value): value ? 1 : 0
        case .string(let value): Double(value.trimmingWhitespace())
        default: nil
        }
    }

    /// The Python type name, for error messages.
    var typeName: String {
        switch self {
        case .none: "None"
        case .undefined(let name): "undefined '\(name)'"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .list: "list"
        case .dict: "dict"
        case .object(let object): object.typeName
        case .function(let function): "function \(function.name)"
        }
    }

    /// Python's `repr`, used inside rendered lists and dicts.
    var representation: String {
        switch self {
        case .string(let value):
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "'\(escaped)'"
        default:
            return (try? rendered()) ?? typeName
        }
    }

    /// The text `{{ value }}` prints (Python's `str`).
    func rendered() throws(JinjaFailure) -> String {
        switch self {
        case .none: return "None"
        case .undefined: return ""   // Jinja's default Undefined prints as nothing, as in dbt
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .double(let value):
            if value == value.rounded(), abs(value) < 1e16 { return String(format: "%.1f", value) }
            return String(value)
        case .string(let value): return value
        case .list(let list): return "[" + list.items.map(\.representation).joined(separator: ", ") + "]"
        case .dict(let dict):
            return "{" + dict.keys.map { "'\($0)': \(dict[$0]?.representation ?? "None")" }.joined(separator: ", ") + "}"
        case .object(let object):
            if let text = object.rendered { return text }
            return "<\(object.typeName)>"
        case .function(let function): return "<function \(function.name)>"
        }
    }

    /// Python `==`.
    func equals(_ other: JinjaValue) -> Bool {
        switch (self, other) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double), (.bool, .int), (.int, .bool):
            return doubleValue == other.doubleValue
        case (.list(let a), .list(let b)):
            return a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.equals($1) }
        case (.dict(let a), .dict(let b)):
            return a.keys.count == b.keys.count && a.keys.allSatisfy { key in
                guard let left = a[key], let right = b[key] else { return false }
                return left.equals(right)
            }
        case (.object(let a), .object(let b)):
            if a === b { return true }
            if let ra = a.rendered, let rb = b.rendered { return ra == rb }
            return false
        default:
            return false
        }
    }
}

/// A mutable list.
final class JinjaList {
    var items: [JinjaValue]
    init(_ items: [JinjaValue]) { self.items = items }
}

/// A mutable dict with insertion-ordered string keys.
final class JinjaDict {
    private(set) var keys: [String] = []
    private var storage: [String: JinjaValue] = [:]

    subscript(key: String) -> JinjaValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    var pairs: [(String, JinjaValue)] { keys.compactMap { key in storage[key].map { (key, $0) } } }
}

/// An object with attributes, an optional way to print itself and an optional call: `this`, a relation,
/// `target`, `config`, `loop`, a namespace.
final class JinjaObject {
    let typeName: String
    var attributes: [String: JinjaValue]
    var rendered: String?
    var call: JinjaFunction?
    /// Whether `{% set obj.attr = … %}` is allowed (a `namespace()`).
    var isMutable: Bool

    init(typeName: String, attributes: [String: JinjaValue] = [:], rendered: String? = nil, call: JinjaFunction? = nil, isMutable: Bool = false) {
        self.typeName = typeName
        self.attributes = attributes
        self.rendered = rendered
        self.call = call
        self.isMutable = isMutable
    }
}

/// The arguments of a call.
struct JinjaArguments {
    var positional: [JinjaValue]
    var keyword: [(String, JinjaValue)]

    init(_ positional: [JinjaValue] = [], keyword: [(String, JinjaValue)] = []) {
        self.positional = positional
        self.keyword = keyword
    }

    /// The argument at `index` or named `name`, if given.
    func value(_ index: Int, _ name: String) -> JinjaValue? {
        if let match = keyword.first(where: { $0.0 == name }) { return match.1 }
        return index < positional.count ? positional[index] : nil
    }

    func named(_ name: String) -> JinjaValue? {
        keyword.first { $0.0 == name }?.1
    }

    /// A required string argument.
    func string(_ index: Int, _ name: String, function: String) throws(JinjaFailure) -> String {
        guard let value = value(index, name) else { throw JinjaFailure("\(function)() is missing its '\(name)' argument") }
        switch value {
        case .string(let text): return text
        case .int, .double, .bool: return try value.rendered()
        default: throw JinjaFailure("\(function)() expects '\(name)' to be a string, got \(value.typeName)")
        }
    }
}

/// A callable: a built-in, a filter-like method, or a macro.
struct JinjaFunction {
    let name: String
    let body: (JinjaArguments, JinjaRenderer) throws -> JinjaValue

    init(_ name: String, _ body: @escaping (JinjaArguments, JinjaRenderer) throws -> JinjaValue) {
        self.name = name
        self.body = body
    }
}

/// A rendering failure without a location yet; the renderer adds the file and line.
struct JinjaFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
