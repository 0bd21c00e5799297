public import Foundation

/// The one JSON encoding Keel writes: keys sorted by their UTF-8 bytes, two-space indent,
/// unescaped slashes, ISO-8601 dates and a trailing newline. Equal values always give equal bytes.
public enum CanonicalJSON {
    /// Encodes `value` canonically.
    public static func encode(_ value: some Encodable) throws -> Data {
        var bytes = try CanonicalJSONEncoder(pretty: true).encode(value)
        bytes.append(0x0A)
        return Data(bytes)
    }

    /// Encodes `value` canonically on one line, for hashing and streaming.
    public static func encodeCompact(_ value: some Encodable) throws -> Data {
        Data(try CanonicalJSONEncoder(pretty: false).encode(value))
    }

    /// Decodes a value written by ``encode(_:)`` (or any equivalent JSON).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }
}
