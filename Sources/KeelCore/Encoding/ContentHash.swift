public import Foundation
import Crypto

/// A content hash of the form `sha256:<hex>`.
public struct ContentHash: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init(of data: Data) {
        self.init(digest: SHA256.hash(data: data))
    }

    /// The hash of bytes already in memory (no copy into `Data`).
    init(bytes: [UInt8]) {
        self.init(digest: SHA256.hash(data: bytes))
    }

    private init(digest: SHA256.Digest) {
        self.value = "sha256:" + digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The hash of a value's canonical JSON encoding.
    public init(canonical value: some Encodable) throws {
        self.init(of: try CanonicalJSON.encodeCompact(value))
    }

    /// The first 12 hex digits, for humans.
    public var short: String {
        String(value.dropFirst("sha256:".count).prefix(12))
    }

    public var description: String { value }

    public static func < (lhs: ContentHash, rhs: ContentHash) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        self.value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
