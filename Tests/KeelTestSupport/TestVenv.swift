import Foundation

/// The Python test tools (requirements-test.txt) in the project's venv: `$KEEL_VENV`, else
/// `<package root>/.venv`. A missing tool is a failure that says how to install it, never a skip.
public enum TestVenv {
    public static var directory: String {
        ProcessInfo.processInfo.environment["KEEL_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? PackageRoot.url.appendingPathComponent(".venv").path
    }

    public static let installHint = "scripts/test installs it; or run: python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt"

    public struct MissingTool: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// `<venv>/bin/<name>`, or ``MissingTool`` naming what `for` needs it.
    public static func tool(_ name: String, for purpose: String? = nil) throws -> String {
        let path = directory + "/bin/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            let what = purpose.map { "\(name) (for \($0))" } ?? name
            throw MissingTool(description: "\(what) is not installed in the test venv \(directory). \(installHint)")
        }
        return path
    }

    /// The venv's python.
    public static func python(for purpose: String? = nil) throws -> String {
        try tool("python", for: purpose)
    }
}
