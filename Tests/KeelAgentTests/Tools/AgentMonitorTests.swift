import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import PostgresNIO
import Testing

/// The read-only `monitor` tool through the Python MCP client: no snapshot before the rollout
/// (and nothing created), a clean report once `keel rollout start` took it, per environment.
@Suite("keel mcp monitor", .postgres)
struct AgentMonitorTests {
    @Test("monitor answers monitor.no-snapshot before the rollout, writing nothing; after keel rollout start, a clean report")
    func monitorTool() async throws {
        let (database, project) = try await AgentServerTests.prepare()
        defer { try? FileManager.default.removeItem(atPath: project) }
        try await database.execute("CREATE EXTENSION pg_stat_statements")
        let url = database.cluster.url(database: database.name)
        var yaml = try String(contentsOfFile: project + "/keel.yaml", encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "url_env: KEEL_STAGING_URL", with: "url: \"\(url)\"")
            .replacingOccurrences(of: "url_env: KEEL_PRODUCTION_URL", with: "url: \"\(url)\"")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: project + "/keel.yaml"))
        let spec = try String(contentsOf: URL(fileURLWithPath: BillingFiles.changeSpec), encoding: .utf8)
        let before = try await AgentServerTests.state(database.config)

        var (results, _) = try await AgentServerTests.run([
            ["tool": "propose_migration", "arguments": ["spec": spec]],
            ["tool": "monitor", "arguments": ["plan_id": "$plan_id", "environment": "staging"]],
            ["tool": "monitor", "arguments": ["plan_id": "$plan_id", "environment": "nowhere"]],
        ], database: database, project: project)
        let id = try #require(try AgentServerTests.object(results[0])["id"] as? String)
        #expect(AgentServerTests.code(results[1]) == "monitor.no-snapshot", "\(results[1])")
        #expect(AgentServerTests.code(results[2]) == "rollout.unknown-environment", "\(results[2])")
        #expect(try await AgentServerTests.state(database.config) == before)

        let start = try await KeelBinary.run(["rollout", "start", project + "/.keel/plans/\(id).json", "--env", "staging",
                                              "--config", project + "/keel.yaml", "--operator", "erin"])
        #expect(start.exitCode == 0, "\(start.standardError)")
        (results, _) = try await AgentServerTests.run([
            ["tool": "monitor", "arguments": ["plan_id": id, "environment": "staging"]],
            ["tool": "monitor", "arguments": ["plan_id": id, "environment": "production"]],
        ], database: database, project: project)
        let report = try AgentServerTests.object(results[0])
        #expect(report["kind"] as? String == "monitor" && report["regressed"] as? Bool == false, "\(report)")
        #expect(report["statementsAvailable"] as? Bool == true)
        #expect((report["snapshot"] as? [String: Any])?["source"] as? String == "rollout start")
        #expect((report["snapshot"] as? [String: Any])?["takenBy"] as? String == "erin")
        #expect(AgentServerTests.code(results[1]) == "monitor.no-snapshot", "\(results[1])")
    }
}
