import Foundation

/// Little-endian bytes for the stored find index (``FindIndexStore``): plain integers, arrays of
/// them copied as memory, strings as length-prefixed UTF-8. Every read is bounds-checked, so a
/// truncated or damaged file is an error, never a crash.
struct FindIndexWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) { scalar(Int64(value)) }

    mutating func double(_ value: Double) { scalar(value.bitPattern) }

    mutating func scalar<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Count, then the elements' memory (this is a little-endian-only format; see ``FindIndexStore``).
    mutating func array<T: BitwiseCopyable>(_ values: [T]) {
        int(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    mutating func optionalString(_ value: String?) {
        scalar(UInt8(value == nil ? 0 : 1))
        if let value { string(value) }
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }
}

/// Reads what ``FindIndexWriter`` wrote.
struct FindIndexReader {
    /// Why the bytes cannot be read, with the offset.
    struct Damaged: Error {
        var offset: Int
        var expected: String
    }

    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func int() throws(Damaged) -> Int { Int(try scalar(Int64.self)) }

    /// A count of elements of `size` bytes each that fits in what is left.
    mutating func count(of size: Int, _ what: String) throws(Damaged) -> Int {
        let value = try int()
        guard value >= 0, value <= remaining / max(size, 1) else { throw Damaged(offset: offset, expected: "a count of \(what)") }
        return value
    }

    mutating func double() throws(Damaged) -> Double { Double(bitPattern: try scalar(UInt64.self)) }

    mutating func scalar<T: FixedWidthInteger>(_ type: T.Type) throws(Damaged) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw Damaged(offset: offset, expected: "\(size) more bytes") }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + size)]))
            }
        }
        offset += size
        return T(littleEndian: value)
    }

    mutating func array<T: BitwiseCopyable>(_ type: T.Type, _ what: String) throws(Damaged) -> [T] {
        let size = MemoryLayout<T>.stride
        let count = try count(of: size, what)
        let start = offset
        offset += count * size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + count * size)]))
            }
            initialized = count
        }
    }

    mutating func string() throws(Damaged) -> String {
        let count = try count(of: 1, "string bytes")
        let text = String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
        offset += count
        return text
    }

    mutating func optionalString() throws(Damaged) -> String? {
        switch try scalar(UInt8.self) {
        case 0: return nil
        case 1: return try string()
        default: throw Damaged(offset: offset - 1, expected: "0 or 1")
        }
    }

    mutating func strings() throws(Damaged) -> [String] {
        let count = try count(of: 8, "strings")
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        return values
    }
}

/// A fast 64-bit checksum (FNV-1a over 8-byte words, then mixed), to tell a damaged index file
/// from a good one. Not cryptographic: the file lives in the user's own workspace.
enum FindIndexChecksum {
    static func of(_ bytes: [UInt8], from start: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBytes { raw in
            let body = UnsafeRawBufferPointer(rebasing: raw[min(start, raw.count)...])
            let words = body.count / 8
            for i in 0..<words {
                hash = (hash ^ body.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                hash ^= hash >> 29
            }
            for i in (words * 8)..<body.count { hash = (hash ^ UInt64(body[i])) &* 0x0000_0100_0000_01B3 }
        }
        return hash ^ UInt64(bytes.count)
    }
}
