public import Foundation

/// Locates the shared, read-only fixtures in `../shared` (or `$KEEL_SHARED_DIR`).
///
/// Fixtures are never copied into the repository. A missing file is a test failure whose
/// message says how to fix it, never a silent skip.
public enum SharedFixtures {
    /// The shared directory: `$KEEL_SHARED_DIR`, else `<package root>/../shared`.
    public static var root: URL {
        if let dir = ProcessInfo.processInfo.environment["KEEL_SHARED_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        return PackageRoot.url.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    }

    /// The URL of a shared fixture, e.g. `url("corpora/pg_sample_data/pagila.sql")`.
    /// - Throws: ``MissingFixture`` when the file does not exist.
    public static func url(_ relativePath: String) throws -> URL {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingFixture(path: url.path)
        }
        return url
    }

    public struct MissingFixture: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "shared fixture \(path) is missing; check out the shared corpora next to the project (../shared) or set KEEL_SHARED_DIR"
        }
    }
}

/// The package root, found from this file's path.
public enum PackageRoot {
    public static var url: URL {
        // Tests/KeelTestSupport/SharedFixtures.swift → package root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
