import Foundation
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel init`: writes a starter keel.yaml that Keel reads, and never overwrites one without --force.
@Suite struct InitCommandTests {
    @Test("writes keel.yaml, which lineage build accepts; refuses to overwrite it without --force")
    func init_() async throws {
        let dir = try BillingWorkspace.scratch([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try await KeelBinary.run(["init"], workingDirectory: dir.path)
        #expect(first.exitCode == 0, "\(first.standardError)")
        let text = try String(contentsOf: dir.appendingPathComponent("keel.yaml"), encoding: .utf8)
        #expect(text.contains("version: 1"))
        #expect(text.contains("# dbt:"))
        let build = try await KeelBinary.run(["lineage", "build"], workingDirectory: dir.path)
        #expect(build.exitCode == 0, "\(build.standardError)")
        try Data("version: 1\n".utf8).write(to: dir.appendingPathComponent("keel.yaml"))
        let again = try await KeelBinary.run(["init"], workingDirectory: dir.path)
        #expect(again.exitCode == 2)
        #expect(again.standardError.contains("--force"))
        #expect(try String(contentsOf: dir.appendingPathComponent("keel.yaml"), encoding: .utf8) == "version: 1\n")
        let forced = try await KeelBinary.run(["init", "--force"], workingDirectory: dir.path)
        #expect(forced.exitCode == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("keel.yaml"), encoding: .utf8) == text)
        let elsewhere = try await KeelBinary.run(["init", "--path", "conf/keel.yaml"], workingDirectory: dir.path)
        #expect(elsewhere.exitCode == 2)   // the folder does not exist
    }
}
