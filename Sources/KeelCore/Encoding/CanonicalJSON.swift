public import Foundation

/// The one JSON encoding Keel writes: keys sorted by their UTF-8 bytes, two-space indent,
/// unescaped slashes, ISO-8601 dates and a trailing newline. Equal values always give equal bytes.
public enum CanonicalJSON {
    /// Encodes `value` canonically.
    public static func encode(_ value: some Encodable) throws -> Data {
        var bytes = try encodeBytes(value, pretty: true)
        bytes.append(0x0A)
        return Data(bytes)
    }

    /// Encodes `value` canonically on one line, for hashing and streaming.
    public static func encodeCompact(_ value: some Encodable) throws -> Data {
        Data(try encodeBytes(value, pretty: false))
    }

    /// The compact encoding of a value's structural part (see ``CanonicalJSONWriter/structuralOnly``).
    public static func encodeStructural(_ value: some CanonicalJSONWritable) -> Data {
        Data(structuralBytes(value))
    }

    static func structuralBytes(_ value: some CanonicalJSONWritable) -> [UInt8] {
        var writer = CanonicalJSONWriter(pretty: false, structuralOnly: true, capacity: (value as? any SizeHinting)?.encodedSizeHint ?? 1 << 16)
        value.writeJSON(to: &writer)
        return writer.bytes
    }

    /// Takes the value's own fast writer when it has one, else its `Encodable` form.
    static func encodeBytes(_ value: some Encodable, pretty: Bool) throws -> [UInt8] {
        if let writable = value as? any CanonicalJSONWritable {
            var writer = CanonicalJSONWriter(pretty: pretty, capacity: (writable as? any SizeHinting)?.encodedSizeHint ?? 1 << 16)
            writable.writeJSON(to: &writer)
            return writer.bytes
        }
        return try CanonicalJSONEncoder(pretty: pretty).encode(value)
    }

    /// The same value through the generic `Encodable` path, bypassing any fast writer (for tests).
    public static func encodeThroughCodable(_ value: some Encodable, pretty: Bool = true) throws -> Data {
        var bytes = try CanonicalJSONEncoder(pretty: pretty).encode(value)
        if pretty { bytes.append(0x0A) }
        return Data(bytes)
    }

    /// Decodes a value written by ``encode(_:)`` (or any equivalent JSON).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }
}

/// A guess of an artifact's encoded size, so the writer allocates once instead of growing.
protocol SizeHinting {
    var encodedSizeHint: Int { get }
}
