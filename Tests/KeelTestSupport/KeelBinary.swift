public import KeelPostgres
import Foundation

/// The built `keel` executable, for tests of the command-line surface.
public enum KeelBinary {
    /// `keel` next to the test bundle (same build directory), else `.build/debug/keel`.
    public static var path: String {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDir.appendingPathComponent("keel"), bundleDir.deletingLastPathComponent().appendingPathComponent("keel")] {
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        return PackageRoot.url.appendingPathComponent(".build/debug/keel").path
    }

    /// Runs `keel` with `arguments` to completion.
    public static func run(_ arguments: [String], environment: [String: String?] = [:],
                           workingDirectory: String? = nil) async throws -> ProgramResult {
        try await ProgramRunner.run(path, arguments, workingDirectory: workingDirectory, environment: environment)
    }
}
