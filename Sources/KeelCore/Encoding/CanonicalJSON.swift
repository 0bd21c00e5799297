public import Foundation

/// The one JSON encoding Keel writes: sorted keys, pretty-printed, unescaped slashes,
/// ISO-8601 dates and a trailing newline. Equal values always give equal bytes.
public enum CanonicalJSON {
    /// Encodes `value` canonically.
    public static func encode(_ value: some Encodable) throws -> Data {
        var data = try encoder(pretty: true).encode(value)
        data.append(0x0A)
        return data
    }

    /// Encodes `value` canonically on one line, for hashing and streaming.
    public static func encodeCompact(_ value: some Encodable) throws -> Data {
        try encoder(pretty: false).encode(value)
    }

    /// Decodes a value written by ``encode(_:)`` (or any equivalent JSON).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }

    private static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
