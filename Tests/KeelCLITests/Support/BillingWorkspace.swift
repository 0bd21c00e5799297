import Foundation
import KeelPostgres
import KeelTestSupport

/// The billing scenario, end to end through the binary, once per test process: `keel discover --dump
/// schema.sql` (a throwaway PostgreSQL) writes catalog.json, then `keel lineage build` writes lineage.json.
actor BillingWorkspace {
    static let shared = BillingWorkspace()

    /// The billing scenario files (BillingFiles).
    static var fixtures: URL { URL(fileURLWithPath: BillingFiles.directory) }

    struct Files: Sendable {
        let directory: URL
        var catalog: String { directory.appendingPathComponent("catalog.json").path }
        var lineage: String { directory.appendingPathComponent("lineage.json").path }
        var config: String { BillingWorkspace.fixtures.appendingPathComponent("keel.yaml").path }
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    private var prepared: Task<Files, any Error>?

    func files() async throws -> Files {
        if let prepared { return try await prepared.value }
        let task = Task { try await Self.prepare() }
        prepared = task
        return try await task.value
    }

    static func prepare() async throws -> Files {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keel-billing-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = Files(directory: directory)
        let discover = try await KeelBinary.run(["discover", "--dump", fixtures.appendingPathComponent("schema.sql").path, "--out", files.catalog])
        guard discover.exitCode == 0 else { throw Failed(description: "keel discover failed: \(discover.standardError)") }
        let build = try await KeelBinary.run(["lineage", "build", "--config", files.config, "--catalog", files.catalog, "--out", files.lineage])
        guard build.exitCode == 0 else { throw Failed(description: "keel lineage build failed: \(build.standardError)") }
        return files
    }

    /// A scratch directory with the given files.
    static func scratch(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keel-cli-lineage-\(UUID().uuidString.prefix(8))")
        for (name, content) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: file)
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
