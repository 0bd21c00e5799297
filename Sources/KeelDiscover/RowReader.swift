import PostgresNIO

/// Reads a row's cells in order, straight from their binary wire form.
///
/// postgres-nio's generic `decode` costs several microseconds per cell (metadata lookups,
/// existential boxing); a big catalog has millions of cells. Each reader method takes the fast
/// path for the binary form of the type the catalog queries send, and falls back to
/// postgres-nio's own decoding (with its checks and errors) for anything else.
struct RowReader {
    private var cells: PostgresRow.Iterator
    private let row: PostgresRow

    init(_ row: PostgresRow) {
        self.row = row
        self.cells = row.makeIterator()
    }

    private mutating func next() throws -> PostgresCell {
        guard let cell = cells.next() else { throw RowReaderError.missingColumn(row.count) }
        return cell
    }

    /// A text value (text, varchar, name); fails on NULL.
    mutating func string() throws -> String {
        let cell = try next()
        if cell.format == .binary, Self.isText(cell.dataType), let bytes = cell.bytes { return String(buffer: bytes) }
        return try cell.decode(String.self)
    }

    mutating func optionalString() throws -> String? {
        let cell = try next()
        guard let bytes = cell.bytes else { return nil }
        if cell.format == .binary, Self.isText(cell.dataType) { return String(buffer: bytes) }
        return try cell.decode(String.self)
    }

    mutating func int64() throws -> Int64 {
        let cell = try next()
        if cell.format == .binary, cell.dataType == .int8, let bytes = cell.bytes, bytes.readableBytes == 8,
           let value = bytes.getInteger(at: bytes.readerIndex, as: Int64.self) {
            return value
        }
        return try cell.decode(Int64.self)
    }

    mutating func int32() throws -> Int32 {
        let cell = try next()
        if cell.format == .binary, cell.dataType == .int4, let bytes = cell.bytes, bytes.readableBytes == 4,
           let value = bytes.getInteger(at: bytes.readerIndex, as: Int32.self) {
            return value
        }
        return try cell.decode(Int32.self)
    }

    mutating func int16() throws -> Int16 {
        let cell = try next()
        if cell.format == .binary, cell.dataType == .int2, let bytes = cell.bytes, bytes.readableBytes == 2,
           let value = bytes.getInteger(at: bytes.readerIndex, as: Int16.self) {
            return value
        }
        return try cell.decode(Int16.self)
    }

    mutating func bool() throws -> Bool {
        let cell = try next()
        if cell.format == .binary, cell.dataType == .bool, let bytes = cell.bytes, bytes.readableBytes == 1,
           let value = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) {
            return value != 0
        }
        return try cell.decode(Bool.self)
    }

    /// An int2[] without NULL elements (conkey, confkey).
    mutating func int16Array() throws -> [Int16] {
        let cell = try next()
        if cell.format == .binary, cell.dataType == .int2Array, let bytes = cell.bytes,
           let values = Self.elements(of: bytes, type: .int2, { buffer in
               buffer.readableBytes == 2 ? buffer.getInteger(at: buffer.readerIndex, as: Int16.self) : nil
           }) {
            return values
        }
        return try cell.decode([Int16].self)
    }

    /// A text[] without NULL elements, or nil for NULL.
    mutating func optionalStringArray() throws -> [String]? {
        let cell = try next()
        guard let bytes = cell.bytes else { return nil }
        if cell.format == .binary, cell.dataType == .textArray,
           let values = Self.elements(of: bytes, type: .text, { String(buffer: $0) }) {
            return values
        }
        return try cell.decode([String].self)
    }

    private static func isText(_ type: PostgresDataType) -> Bool {
        type == .text || type == .varchar || type == .name
    }

    /// The elements of a one-dimensional binary array (an empty array has no dimensions), or nil
    /// when it is not that shape, has NULL elements or an element does not read, so the caller
    /// falls back to postgres-nio.
    private static func elements<T>(of buffer: ByteBuffer, type: PostgresDataType, _ read: (ByteBuffer) -> T?) -> [T]? {
        var buffer = buffer
        guard let dimensions = buffer.readInteger(as: Int32.self), let hasNulls = buffer.readInteger(as: Int32.self),
              let elementType = buffer.readInteger(as: UInt32.self), elementType == type.rawValue, hasNulls == 0
        else { return nil }
        if dimensions == 0 { return [] }
        guard dimensions == 1, let count = buffer.readInteger(as: Int32.self), count >= 0,
              buffer.readInteger(as: Int32.self) != nil
        else { return nil }
        var values: [T] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int32.self), length >= 0,
                  let element = buffer.readSlice(length: Int(length)), let value = read(element)
            else { return nil }
            values.append(value)
        }
        return values
    }
}

enum RowReaderError: Error, CustomStringConvertible {
    case missingColumn(Int)

    var description: String {
        switch self {
        case .missingColumn(let count): "the row has only \(count) columns"
        }
    }
}
