import Foundation

/// The encoder behind ``CanonicalJSON``: keys sorted by their UTF-8 bytes, slashes unescaped,
/// ISO-8601 dates, and either two-space pretty printing or compact output.
///
/// Foundation's `JSONEncoder` boxes every value and formats keys and numbers generically; on a
/// 10,000-table catalog (about 75 MB) that took seconds per encoding, and discovery encodes
/// twice (the fingerprint and the file). This one records scalars as bytes in one arena as they
/// are encoded, keeps only the object and array structure as nodes, and writes the result in a
/// single pass.
final class CanonicalJSONEncoder {
    let pretty: Bool

    init(pretty: Bool) {
        self.pretty = pretty
    }

    func encode(_ value: some Encodable) throws -> [UInt8] {
        let state = EncodingState()
        let root = try state.box(value, codingPath: [])
        var output: [UInt8] = []
        output.reserveCapacity(state.arena.count * 2)
        write(root, state: state, depth: 0, into: &output)
        return output
    }

    private func write(_ node: Node, state: EncodingState, depth: Int, into out: inout [UInt8]) {
        switch node {
        case .scalar(let range):
            out.append(contentsOf: state.arena[range])
        case .array(let array):
            if array.items.isEmpty { out.append(contentsOf: [0x5B, 0x5D]); return }
            out.append(0x5B)
            for (index, item) in array.items.enumerated() {
                if index > 0 { out.append(0x2C) }
                newline(depth + 1, &out)
                write(item, state: state, depth: depth + 1, into: &out)
            }
            newline(depth, &out)
            out.append(0x5D)
        case .object(let object):
            if object.entries.isEmpty { out.append(contentsOf: [0x7B, 0x7D]); return }
            let sorted = object.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            out.append(0x7B)
            for (index, entry) in sorted.enumerated() {
                if index > 0 { out.append(0x2C) }
                newline(depth + 1, &out)
                JSONText.appendString(entry.key, to: &out)
                out.append(0x3A)
                if pretty { out.append(0x20) }
                write(entry.value, state: state, depth: depth + 1, into: &out)
            }
            newline(depth, &out)
            out.append(0x7D)
        }
    }

    private func newline(_ depth: Int, _ out: inout [UInt8]) {
        guard pretty else { return }
        out.append(0x0A)
        for _ in 0..<(depth * 2) { out.append(0x20) }
    }
}

/// The structure of the encoded value; scalars are ranges of already-rendered bytes.
enum Node {
    case scalar(Range<Int>)
    case array(ArrayNode)
    case object(ObjectNode)
}

final class ArrayNode {
    var items: [Node] = []
}

final class ObjectNode {
    var entries: [(key: String, value: Node)] = []
}

/// Shared by every container of one encoding.
final class EncodingState {
    var arena: [UInt8] = []

    func scalar(_ render: (inout [UInt8]) -> Void) -> Node {
        let start = arena.count
        render(&arena)
        return .scalar(start..<arena.count)
    }

    func string(_ value: String) -> Node { scalar { JSONText.appendString(value, to: &$0) } }

    func integer(_ value: some BinaryInteger) -> Node { scalar { JSONText.appendInteger(value, to: &$0) } }
    func literal(_ text: String) -> Node { scalar { $0.append(contentsOf: text.utf8) } }

    func double(_ value: Double, codingPath: @autoclosure () -> [any CodingKey]) throws -> Node {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath(), debugDescription: "JSON has no representation for \(value)"))
        }
        if value == value.rounded(), abs(value) < 1e15 { return literal(String(Int64(value))) }
        return literal("\(value)")
    }

    /// Encodes a value, special-casing the types whose Codable form is not what JSON wants.
    /// Type identity is compared first because a dynamic cast on every value is costly.
    func box<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> Node {
        if T.self == String.self, let text = value as? String { return string(text) }
        if T.self == Date.self, let date = value as? Date { return string(date.formatted(CanonicalJSONWriter.dateStyle)) }
        if T.self == URL.self, let url = value as? URL { return string(url.absoluteString) }
        let encoder = NodeEncoder(state: self, codingPath: [])
        try value.encode(to: encoder)
        return encoder.result ?? .object(ObjectNode())
    }
}

/// One level of encoding: produces exactly one node.
final class NodeEncoder: Encoder {
    let state: EncodingState
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var result: Node?

    init(state: EncodingState, codingPath: [any CodingKey]) {
        self.state = state
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: ObjectNode
        if case .object(let existing) = result { object = existing } else {
            object = ObjectNode()
            result = .object(object)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(state: state, object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayNode
        if case .array(let existing) = result { array = existing } else {
            array = ArrayNode()
            result = .array(array)
        }
        return UnkeyedContainer(state: state, array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }
}

struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: EncodingState
    let object: ObjectNode
    let codingPath: [any CodingKey]

    private func put(_ key: Key, _ node: Node) { object.entries.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) throws { put(key, state.literal("null")) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(key, state.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(key, state.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(key, try state.double(value, codingPath: codingPath + [key])) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(key, try state.double(Double(value), codingPath: codingPath + [key])) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(key, state.integer(value)) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        put(key, try state.box(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        put(key, .object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(state: state, object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        put(key, .array(nested))
        return UnkeyedContainer(state: state, array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        ReferencingEncoder(state: state, codingPath: codingPath) { [object] node in object.entries.append(("super", node)) }
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ReferencingEncoder(state: state, codingPath: codingPath + [key]) { [object] node in
            object.entries.append((key.stringValue, node))
        }
    }
}

struct UnkeyedContainer: UnkeyedEncodingContainer {
    let state: EncodingState
    let array: ArrayNode
    let codingPath: [any CodingKey]
    var count: Int { array.items.count }

    private func put(_ node: Node) { array.items.append(node) }
    private var indexKey: any CodingKey { IndexKey(intValue: array.items.count) }

    mutating func encodeNil() throws { put(state.literal("null")) }
    mutating func encode(_ value: Bool) throws { put(state.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { put(state.string(value)) }
    mutating func encode(_ value: Double) throws { put(try state.double(value, codingPath: codingPath + [indexKey])) }
    mutating func encode(_ value: Float) throws { put(try state.double(Double(value), codingPath: codingPath + [indexKey])) }
    mutating func encode(_ value: Int) throws { put(state.integer(value)) }
    mutating func encode(_ value: Int8) throws { put(state.integer(value)) }
    mutating func encode(_ value: Int16) throws { put(state.integer(value)) }
    mutating func encode(_ value: Int32) throws { put(state.integer(value)) }
    mutating func encode(_ value: Int64) throws { put(state.integer(value)) }
    mutating func encode(_ value: UInt) throws { put(state.integer(value)) }
    mutating func encode(_ value: UInt8) throws { put(state.integer(value)) }
    mutating func encode(_ value: UInt16) throws { put(state.integer(value)) }
    mutating func encode(_ value: UInt32) throws { put(state.integer(value)) }
    mutating func encode(_ value: UInt64) throws { put(state.integer(value)) }
    mutating func encode(_ value: some Encodable) throws { put(try state.box(value, codingPath: codingPath + [indexKey])) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        let key = indexKey
        put(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(state: state, object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        let key = indexKey
        put(.array(nested))
        return UnkeyedContainer(state: state, array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        ReferencingEncoder(state: state, codingPath: codingPath + [indexKey]) { [array] node in array.items.append(node) }
    }
}

struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    private var state: EncodingState { encoder.state }

    private func set(_ node: Node) { encoder.result = node }

    mutating func encodeNil() throws { set(state.literal("null")) }
    mutating func encode(_ value: Bool) throws { set(state.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { set(state.string(value)) }
    mutating func encode(_ value: Double) throws { set(try state.double(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try state.double(Double(value), codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { set(state.integer(value)) }
    mutating func encode(_ value: Int8) throws { set(state.integer(value)) }
    mutating func encode(_ value: Int16) throws { set(state.integer(value)) }
    mutating func encode(_ value: Int32) throws { set(state.integer(value)) }
    mutating func encode(_ value: Int64) throws { set(state.integer(value)) }
    mutating func encode(_ value: UInt) throws { set(state.integer(value)) }
    mutating func encode(_ value: UInt8) throws { set(state.integer(value)) }
    mutating func encode(_ value: UInt16) throws { set(state.integer(value)) }
    mutating func encode(_ value: UInt32) throws { set(state.integer(value)) }
    mutating func encode(_ value: UInt64) throws { set(state.integer(value)) }
    mutating func encode(_ value: some Encodable) throws { set(try state.box(value, codingPath: codingPath)) }
}

/// An encoder whose single node is handed to its parent when it is produced (for superEncoder).
final class ReferencingEncoder: Encoder {
    let inner: NodeEncoder
    let deliver: (Node) -> Void
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(state: EncodingState, codingPath: [any CodingKey], deliver: @escaping (Node) -> Void) {
        self.inner = NodeEncoder(state: state, codingPath: codingPath)
        self.deliver = deliver
    }

    deinit { deliver(inner.result ?? .object(ObjectNode())) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}

struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { self.intValue = Int(stringValue) }
}

/// JSON text for scalars, shared by the Codable encoder and the fast writer.
enum JSONText {
    /// Decimal digits, written without an intermediate String.
    static func appendInteger(_ value: some BinaryInteger, to out: inout [UInt8]) {
        if value == 0 { out.append(0x30); return }
        var magnitude = value.magnitude
        if value < 0 { out.append(0x2D) }
        let start = out.count
        while magnitude > 0 {
            out.append(0x30 + UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        }
        out[start...].reverse()
    }

    /// Escapes quotes, backslashes and control characters; everything else is written verbatim.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(0x22)
        var needsEscaping = false
        for byte in string.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscaping = true
            break
        }
        if !needsEscaping {
            out.append(contentsOf: string.utf8)
        } else {
            for byte in string.utf8 {
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                case 0x08: out.append(contentsOf: [0x5C, 0x62])
                case 0x0C: out.append(contentsOf: [0x5C, 0x66])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: out.append(byte)
                }
            }
        }
        out.append(0x22)
    }
}
