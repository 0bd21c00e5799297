/// A pull reader over JSON bytes, for artifacts that must load faster than `JSONDecoder` allows.
///
/// The caller walks the document it expects: ``beginObject()`` then ``nextKey()`` until `nil`,
/// ``beginArray()`` then ``hasNextElement()`` until `false`, scalars with ``string()``, ``int()``
/// and ``bool()``, and ``skipValue()`` for anything it does not know. Every failure is a
/// ``JSONReaderError`` with the byte offset. It accepts any valid JSON (whitespace and key order
/// are free); numbers other than integers can only be skipped.
public struct JSONReader {
    let bytes: [UInt8]
    /// The offset of the next unread byte.
    public private(set) var offset = 0
    /// Whether the container just opened has had no member yet.
    private var fresh = false

    /// Creates a reader over `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Containers

    /// Consumes `{`.
    public mutating func beginObject() throws(JSONReaderError) {
        try expect(0x7B, "an object")
        fresh = true
    }

    /// The next key of the current object, or `nil` after its closing `}`.
    public mutating func nextKey() throws(JSONReaderError) -> String? {
        skipSpace()
        guard offset < bytes.count else { throw error("an object member or '}'") }
        if bytes[offset] == 0x7D { offset += 1; fresh = false; return nil }
        if !fresh {
            guard bytes[offset] == 0x2C else { throw error("',' or '}'") }
            offset += 1
            skipSpace()
        }
        fresh = false
        let key = try string()
        skipSpace()
        guard offset < bytes.count, bytes[offset] == 0x3A else { throw error("':'") }
        offset += 1
        return key
    }

    /// Consumes `[`.
    public mutating func beginArray() throws(JSONReaderError) {
        try expect(0x5B, "an array")
        fresh = true
    }

    /// Whether the current array has another element; consumes the separating `,` or the closing `]`.
    public mutating func hasNextElement() throws(JSONReaderError) -> Bool {
        skipSpace()
        guard offset < bytes.count else { throw error("an array element or ']'") }
        if bytes[offset] == 0x5D { offset += 1; fresh = false; return false }
        if !fresh {
            guard bytes[offset] == 0x2C else { throw error("',' or ']'") }
            offset += 1
        }
        fresh = false
        return true
    }

    // MARK: Scalars

    /// Whether the next value is `null` (consumed if so).
    public mutating func null() -> Bool {
        skipSpace()
        if offset + 4 <= bytes.count, bytes[offset] == 0x6E, bytes[offset + 1] == 0x75, bytes[offset + 2] == 0x6C, bytes[offset + 3] == 0x6C {
            offset += 4
            return true
        }
        return false
    }

    /// A string value.
    public mutating func string() throws(JSONReaderError) -> String {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == 0x22 else { throw error("a string") }
        offset += 1
        let start = offset
        // Fast path: no escapes.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == 0x22 {
                let text = String(decoding: bytes[start..<offset], as: UTF8.self)
                offset += 1
                return text
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw error("no control character inside a string") }
            offset += 1
        }
        var out = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case 0x22:
                return String(decoding: out, as: UTF8.self)
            case 0x5C:
                guard offset < bytes.count else { throw error("an escape") }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: out.append(escape)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard offset + 1 < bytes.count, bytes[offset] == 0x5C, bytes[offset + 1] == 0x75 else {
                            throw error("the low half of a surrogate pair")
                        }
                        offset += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("the low half of a surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("a valid \\u escape") }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw error("a valid escape")
                }
            default:
                if byte < 0x20 { throw error("no control character inside a string") }
                out.append(byte)
            }
        }
        throw error("a closing '\"'")
    }

    /// An integer value (no fraction or exponent).
    public mutating func int() throws(JSONReaderError) -> Int {
        skipSpace()
        var negative = false
        if offset < bytes.count, bytes[offset] == 0x2D { negative = true; offset += 1 }
        let start = offset
        var value = 0
        while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[offset] - 0x30))
            if overflow1 || overflow2 { throw error("an integer in range") }
            value = sum
            offset += 1
        }
        guard offset > start else { throw error("an integer") }
        if offset < bytes.count, bytes[offset] == 0x2E || bytes[offset] == 0x65 || bytes[offset] == 0x45 {
            throw error("an integer")
        }
        return negative ? -value : value
    }

    /// `true` or `false`.
    public mutating func bool() throws(JSONReaderError) -> Bool {
        skipSpace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw error("true or false")
    }

    /// Skips one value of any kind.
    public mutating func skipValue() throws(JSONReaderError) {
        skipSpace()
        guard offset < bytes.count else { throw error("a value") }
        switch bytes[offset] {
        case 0x7B:
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case 0x5B:
            try beginArray()
            while try hasNextElement() { try skipValue() }
        case 0x22:
            _ = try string()
        case 0x74, 0x66:
            _ = try bool()
        case 0x6E:
            guard null() else { throw error("a value") }
        default:
            let start = offset
            while offset < bytes.count, "+-0123456789.eE".utf8.contains(bytes[offset]) { offset += 1 }
            guard offset > start else { throw error("a value") }
        }
    }

    /// Checks that only whitespace is left.
    public mutating func end() throws(JSONReaderError) {
        skipSpace()
        guard offset == bytes.count else { throw error("the end of the document") }
    }

    // MARK: Helpers

    private mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONReaderError) {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == byte else { throw error(what) }
        offset += 1
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { buffer in
            (0..<count).allSatisfy { bytes[offset + $0] == buffer[$0] }
        }
        if matches { offset += count }
        return matches
    }

    private mutating func hex4() throws(JSONReaderError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("four hex digits")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    /// An error at the current offset.
    public func error(_ expected: String) -> JSONReaderError {
        JSONReaderError(offset: offset, expected: expected)
    }
}

/// Where a ``JSONReader`` found something other than what the caller expected.
public struct JSONReaderError: Error, Equatable, CustomStringConvertible {
    /// The byte offset in the document.
    public var offset: Int
    /// What was expected there.
    public var expected: String

    /// Creates an error.
    public init(offset: Int, expected: String) {
        self.offset = offset
        self.expected = expected
    }

    public var description: String { "at byte \(offset): expected \(expected)" }
}
