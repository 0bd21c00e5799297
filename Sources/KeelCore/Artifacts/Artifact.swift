public import Foundation

/// A serializable value that stages exchange: `catalog.json`, `lineage.json`, `plan.json`, …
///
/// Every artifact starts with `"formatVersion"` and `"kind"`, is written with ``CanonicalJSON``
/// and can be content-hashed. Readers refuse versions newer than they know.
public protocol Artifact: Codable, Sendable, Equatable {
    /// The `kind` field, e.g. `"catalog"`.
    static var kind: String { get }
    /// The newest `formatVersion` this build reads and writes.
    static var currentFormatVersion: Int { get }
}

/// Errors reading or writing artifact files.
public enum ArtifactError: KeelError {
    case unreadable(path: String, reason: String)
    case malformed(path: String, kind: String, reason: String)
    case wrongKind(path: String, expected: String, found: String)
    case unsupportedVersion(path: String, kind: String, found: Int, supported: Int)
    case unwritable(path: String, reason: String)

    public var code: String {
        switch self {
        case .unreadable: "artifact.unreadable"
        case .malformed: "artifact.malformed"
        case .wrongKind: "artifact.wrong-kind"
        case .unsupportedVersion: "artifact.unsupported-version"
        case .unwritable: "artifact.unwritable"
        }
    }

    public var message: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .malformed(let path, let kind, let reason): "\(path) is not a valid \(kind) artifact: \(reason)"
        case .wrongKind(let path, let expected, let found): "\(path) holds a \(found) artifact, expected a \(expected)"
        case .unsupportedVersion(let path, let kind, let found, let supported):
            "\(path) is a \(kind) artifact of format version \(found); this keel reads up to version \(supported)"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .unsupportedVersion: "upgrade keel"
        case .wrongKind(_, let expected, _): "pass a \(expected).json file"
        case .malformed(_, let kind, _): "regenerate the \(kind) artifact with this version of keel"
        default: nil
        }
    }
}

/// Just the header every artifact shares, decoded first to check kind and version.
private struct ArtifactHeader: Decodable {
    let formatVersion: Int
    let kind: String
}

extension Artifact {
    /// Reads an artifact from a file, checking its kind and format version first.
    public static func read(from url: URL) throws(ArtifactError) -> Self {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, path: url.path)
    }

    /// Decodes an artifact from bytes; `path` names the source in errors.
    public static func decode(_ data: Data, path: String) throws(ArtifactError) -> Self {
        let header: ArtifactHeader
        do { header = try CanonicalJSON.decode(ArtifactHeader.self, from: data) } catch {
            throw .malformed(path: path, kind: kind, reason: "missing formatVersion or kind")
        }
        guard header.kind == kind else { throw .wrongKind(path: path, expected: kind, found: header.kind) }
        guard header.formatVersion <= currentFormatVersion else {
            throw .unsupportedVersion(path: path, kind: kind, found: header.formatVersion, supported: currentFormatVersion)
        }
        do { return try CanonicalJSON.decode(Self.self, from: data) } catch {
            throw .malformed(path: path, kind: kind, reason: DecodingErrorText.describe(error))
        }
    }

    /// Writes the artifact canonically (atomically replacing any existing file).
    public func write(to url: URL) throws(ArtifactError) {
        do {
            let data = try CanonicalJSON.encode(self)
            try data.write(to: url, options: .atomic)
        } catch {
            throw .unwritable(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The content hash of the artifact's canonical encoding.
    public func contentHash() throws -> ContentHash {
        try ContentHash(canonical: self)
    }
}

/// Turns a `DecodingError` into one line that names the JSON path.
public enum DecodingErrorText {
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case .typeMismatch(let type, let context): return "at \(path(context.codingPath)): expected \(type)"
        case .valueNotFound(_, let context): return "at \(path(context.codingPath)): value is missing"
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath)): missing key \"\(key.stringValue)\""
        case .dataCorrupted(let context):
            return "at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "undecodable"
        }
    }
}
