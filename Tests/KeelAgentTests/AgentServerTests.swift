import Foundation
import KeelAgent
import KeelCore
import KeelDiscover
import KeelPostgres
import KeelTestSupport
import PostgresNIO
import Testing

/// `keel mcp` driven by the official Python MCP client, on the billing scenario: every tool
/// called, the billing change proposed and validated through MCP alone, and every attempt to
/// write or read files refused with the database unchanged.
@Suite("keel mcp", .postgres)
struct AgentServerTests {
    struct MissingTool: Error, CustomStringConvertible { let description: String }

    static func python() throws -> String {
        let venv = ProcessInfo.processInfo.environment["KEEL_VENV"].flatMap { $0.isEmpty ? nil : $0 } ?? PackageRoot.url.appendingPathComponent(".venv").path
        let python = venv + "/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw MissingTool(description: "the test venv is missing at \(venv); run scripts/test, or: python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt (mcp)")
        }
        return python
    }

    /// Runs a scenario through the Python client; returns each step's result.
    static func run(_ scenario: [[String: Any]], database: TestDatabase, project: String,
                    extra: [String] = []) async throws -> (results: [[String: Any]], progress: [String]) {
        let python = try python()
        let file = project + "/scenario-\(UUID().uuidString.prefix(6)).json"
        try JSONSerialization.data(withJSONObject: scenario).write(to: URL(fileURLWithPath: file))
        let client = PackageRoot.url.appendingPathComponent("Tests/KeelAgentTests/Fixtures/mcp_client.py").path
        let result = try await ProgramRunner.run(python, [client, file, "--", KeelBinary.path, "mcp", "--db", database.cluster.url(database: database.name),
                                                          "--config", project + "/keel.yaml", "--workspace", project + "/.keel"] + extra,
                                                 workingDirectory: project)
        guard result.succeeded, let output = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] else {
            throw MissingTool(description: "the MCP client failed (is `mcp` installed in the venv?):\n\(result.standardError.suffix(3000))")
        }
        return (output["results"] as? [[String: Any]] ?? [], output["progress"] as? [String] ?? [])
    }

    static func prepare() async throws -> (TestDatabase, String) {
        let database = try #require(TestDatabase.current)
        let fixtures = BillingFiles.directory
        try await database.psql(["-f", fixtures + "/schema.sql"])
        try await database.psql(["-v", "scale=0.01", "-f", fixtures + "/data.sql"])
        try await database.psql(["-c", "ANALYZE"])
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("keel-mcp-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.copyItem(atPath: fixtures, toPath: project)
        return (database, project)
    }

    static func json(_ text: Any?) -> Any? {
        (text as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
    }

    @Test("every tool answers; the billing change is proposed and validated through MCP alone")
    func tools() async throws {
        let (database, project) = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let spec = try String(contentsOf: URL(fileURLWithPath: BillingFiles.changeSpec), encoding: .utf8)
        let (results, progress) = try await Self.run([
            ["list": "tools"], ["list": "prompts"],
            ["tool": "list_schemas"],
            ["tool": "search_tables", "arguments": ["query": "invoice amounts"]],
            ["tool": "describe_table", "arguments": ["table": "invoices"]],
            ["tool": "impact", "arguments": ["target": "public.invoices.amount"]],
            ["tool": "column_lineage", "arguments": ["sql": "SELECT id, amount * 2 AS doubled FROM invoices WHERE status = 'paid'"]],
            ["tool": "lint_sql", "arguments": ["sql": "ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(12,2);"]],
            ["tool": "run_readonly_query", "arguments": ["sql": "SELECT count(*) AS n FROM invoices"]],
            ["tool": "propose_migration", "arguments": ["spec": spec]],
            ["tool": "explain_plan", "arguments": ["plan_id": "$plan_id"]],
            ["tool": "validate_plan", "arguments": ["plan_id": "$plan_id"]],
            ["tool": "get_report", "arguments": ["plan_id": "$plan_id"]],
            ["list": "resources"],
            ["prompt": "safe-schema-change", "arguments": ["intent": "add discounts"]],
            ["tool": "impact", "arguments": ["target": "public.invoices.customer_id"]],
        ], database: database, project: project)
        let tools = try #require(results[0]["tools"] as? [[String: Any]])
        #expect(Set(tools.compactMap { $0["name"] as? String }) == [
            "list_schemas", "search_tables", "describe_table", "impact", "column_lineage", "lint_sql", "propose_migration",
            "explain_plan", "validate_plan", "get_report", "rollout_status", "rollout_next", "rollout_rollback", "monitor", "run_readonly_query",
        ])
        let writers: Set = ["rollout_next", "rollout_rollback"]
        for tool in tools {
            let writes = writers.contains(tool["name"] as? String ?? "")
            #expect((tool["readOnly"] as? Bool) == !writes && (tool["destructive"] as? Bool) == writes && tool["schema"] is [String: Any], "\(tool)")
        }
        #expect((results[1]["prompts"] as? [String]) == ["safe-schema-change"])
        for (index, result) in results.enumerated() where result["is_error"] != nil {
            #expect((result["is_error"] as? Bool) == false, "step \(index): \(result["text"] ?? "")")
        }
        #expect((results[3]["text"] as? String)?.contains("public.invoices") == true)
        #expect((results[5]["text"] as? String)?.contains("dbt:model.billing_dbt.stg_invoices") == true)
        #expect((results[7]["text"] as? String)?.contains("changing-column-type") == true)
        #expect((results[8]["text"] as? String)?.contains("{\\\"n\\\": 2000}") == true || (results[8]["text"] as? String)?.contains("2000") == true)
        let proposal = try #require(Self.json(results[9]["text"]) as? [String: Any])
        #expect((proposal["patches"] as? [Any])?.count == 3)
        #expect((results[10]["text"] as? String)?.contains("## Contract") == true)
        let validation = try #require(Self.json(results[11]["text"]) as? [String: Any])
        #expect(validation["passed"] as? Bool == true, "\(validation)")
        #expect(!progress.isEmpty)
        #expect((results[13]["resources"] as? [String])?.contains("keel://catalog") == true)
        #expect((results[14]["text"] as? String)?.contains("add discounts") == true)
        // A key column's join keys, from the workspace's catalog.
        let keys = results[15]["text"] as? String ?? ""
        #expect(keys.contains("joinKeys") && keys.contains("customers"), "\(keys)")
    }

    @Test("run_readonly_query refuses every write or file access, and the database is unchanged")
    func refusals() async throws {
        let (database, project) = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let before = try await Self.state(database.config)
        let attacks = [
            "INSERT INTO invoices (customer_id, amount, status, issued_at) VALUES (1, 1, 'open', now())",
            "SELECT * FROM pg_read_file('/etc/passwd')",
            "WITH gone AS (DELETE FROM invoices RETURNING *) SELECT count(*) FROM gone",
            "SELECT set_config('default_transaction_read_only', 'off', false)",
            "COPY invoices TO '/tmp/keel-stolen.csv'",
            "SELECT 1; DROP TABLE invoices",
            "BEGIN; DELETE FROM invoices; COMMIT",
            "SELECT nextval('invoices_id_seq')",
            "EXPLAIN ANALYZE DELETE FROM invoices",
            "SELECT lo_import('/etc/passwd')",
            "SELECT * FROM invoices FOR UPDATE",
            "SELECT * INTO stolen FROM invoices",
            "SELECT \"pg_read_file\"('/etc/hostname')",
            "SELECT pg_catalog.pg_sleep(30)",
        ]
        let (results, _) = try await Self.run(attacks.map { ["tool": "run_readonly_query", "arguments": ["sql": $0]] }, database: database, project: project)
        #expect(results.count == attacks.count)
        for (attack, result) in zip(attacks, results) {
            #expect((result["is_error"] as? Bool) == true, "\(attack) was not refused: \(result)")
            let error = Self.json(result["text"]) as? [String: Any]
            #expect((error?["code"] as? String) == "agent.query-refused", "\(attack): \(result["text"] ?? "")")
        }
        #expect(try await Self.state(database.config) == before)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/keel-stolen.csv"))
    }

    // MARK: Rollout tools

    static let checksum: SQL = "SELECT md5(string_agg(i::text, ',' ORDER BY id)) || (SELECT last_value::text FROM invoices_id_seq) FROM invoices i"

    /// What must not change when a rollout tool refuses: the whole catalog (a keel schema would
    /// show) and every row.
    struct Snapshot: Equatable {
        var fingerprint: ContentHash
        var rows: String
    }

    static func state(_ config: ConnectionConfig) async throws -> Snapshot {
        let rows = try await Session.with(config) { try await $0.one(checksum) { try $0.decode(String.self) } }
        return Snapshot(fingerprint: try await Discoverer().discover(config).fingerprint, rows: rows)
    }

    static func publicFingerprint(_ config: ConnectionConfig) async throws -> ContentHash {
        try await Discoverer(options: .init(schemas: ["public"])).discover(config).fingerprint
    }

    static func code(_ result: [String: Any]) -> String? {
        guard (result["is_error"] as? Bool) == true else { return nil }
        return (json(result["text"]) as? [String: Any])?["code"] as? String
    }

    static func object(_ result: [String: Any]) throws -> [String: Any] {
        try #require((result["is_error"] as? Bool) == false, "\(result["text"] ?? "")")
        return try #require(json(result["text"]) as? [String: Any])
    }

    static func environment(_ status: [String: Any], _ name: String) -> [String: Any]? {
        (status["environments"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    @Test("rollout tools: refused outside --allow-rollout, before validation and on production before staging, changing nothing; staging phase by phase, the contract gate, rollback")
    func rollout() async throws {
        let (database, project) = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project) }
        // Production is a copy of staging, made while nothing is connected to it.
        let productionName = try Identifier(database.name + "_prod")
        let admin = database.cluster.connectionConfig()
        try await Session.with(admin) { try await $0.execute("CREATE DATABASE \(productionName) TEMPLATE \(try Identifier(database.name))") }
        defer { Task { try? await Session.with(admin) { try await $0.execute("DROP DATABASE IF EXISTS \(productionName) WITH (FORCE)") } } }
        let production = database.cluster.connectionConfig(database: productionName.name)
        var yaml = try String(contentsOfFile: project + "/keel.yaml", encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "url_env: KEEL_STAGING_URL", with: "url: \"\(database.cluster.url(database: database.name))\"")
            .replacingOccurrences(of: "url_env: KEEL_PRODUCTION_URL", with: "url: \"\(database.cluster.url(database: productionName.name))\"")
            .replacingOccurrences(of: "environments:\n", with: "environments:\n  preview:\n    url: \"\(database.cluster.url(database: database.name + "_absent"))\"\n")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: project + "/keel.yaml"))
        let allow = ["--allow-rollout", "staging", "production"]
        let spec = try String(contentsOf: URL(fileURLWithPath: BillingFiles.changeSpec), encoding: .utf8)
        let stagingBefore = try await Self.state(database.config)
        let productionBefore = try await Self.state(production)
        let publicBefore = try await Self.publicFingerprint(database.config)

        // Refusals: nothing is written anywhere.
        var (results, _) = try await Self.run([
            ["tool": "propose_migration", "arguments": ["spec": spec]],
            ["tool": "rollout_next", "arguments": ["plan_id": "$plan_id", "environment": "staging"]],
            ["tool": "rollout_status", "arguments": ["plan_id": "$plan_id"]],
            ["tool": "validate_plan", "arguments": ["plan_id": "$plan_id"]],
            ["tool": "rollout_next", "arguments": ["plan_id": "$plan_id", "environment": "preview"]],
            ["tool": "rollout_next", "arguments": ["plan_id": "$plan_id", "environment": "production"]],
            ["tool": "rollout_rollback", "arguments": ["plan_id": "$plan_id", "environment": "staging"]],
            ["tool": "rollout_status", "arguments": ["plan_id": "$plan_id"]],
        ], database: database, project: project, extra: allow)
        let id = try #require(try Self.object(results[0])["id"] as? String)
        #expect(Self.code(results[1]) == "agent.plan-not-validated", "\(results[1])")
        let unvalidated = try Self.object(results[2])
        #expect(unvalidated["validated"] as? Bool == false)
        #expect(Self.environment(unvalidated, "staging")?["status"] as? String == "not started")
        let preview = Self.environment(unvalidated, "preview")
        #expect(preview?["rolloutAllowed"] as? Bool == false && preview?["status"] as? String == "unreachable", "\(preview ?? [:])")
        #expect(Self.environment(unvalidated, "production")?["production"] as? Bool == true)
        #expect(try Self.object(results[3])["passed"] as? Bool == true)
        #expect(Self.code(results[4]) == "agent.rollout-not-allowed", "\(results[4])")
        #expect(Self.code(results[5]) == "rollout.staging-behind", "\(results[5])")
        #expect(Self.code(results[6]) == "rollout.not-started", "\(results[6])")
        #expect(try Self.object(results[7])["validated"] as? Bool == true)
        #expect(try await Self.state(database.config) == stagingBefore)
        #expect(try await Self.state(production) == productionBefore)

        // Staging, phase by phase, up to the contract, which lineage still closes.
        let call = { (tool: String, environment: String) -> [String: Any] in ["tool": tool, "arguments": ["plan_id": id, "environment": environment]] }
        let status: [String: Any] = ["tool": "rollout_status", "arguments": ["plan_id": id]]
        var progress: [String]
        (results, progress) = try await Self.run([
            call("rollout_next", "staging"), call("rollout_next", "staging"), status,
            call("rollout_next", "staging"), call("rollout_next", "staging"), call("rollout_next", "staging"), status,
        ], database: database, project: project, extra: allow)
        let expand = try Self.object(results[0])
        #expect(expand["status"] as? String == "active" && expand["completedPhase"] as? String == "expand" && expand["nextPhase"] as? String == "backfill")
        #expect(try Self.object(results[1])["completedPhase"] as? String == "backfill")
        #expect(progress.contains { $0.hasPrefix("backfill.1: 2000/2000 rows") }, "\(progress)")
        let afterBackfill = try #require(Self.environment(try Self.object(results[2]), "staging"))
        #expect(afterBackfill["status"] as? String == "active" && afterBackfill["nextPhase"] as? String == "dualWrite", "\(afterBackfill)")
        let phases = (afterBackfill["phases"] as? [[String: Any]] ?? []).map { "\($0["phase"] ?? ""):\($0["done"] ?? "")/\($0["steps"] ?? "")" }
        #expect(phases == ["expand:5/5", "backfill:1/1", "dualWrite:0/3", "migrateConsumers:0/4", "contract:0/2"], "\(phases)")
        #expect(try Self.object(results[3])["completedPhase"] as? String == "dualWrite")
        #expect(try Self.object(results[4])["nextPhase"] as? String == "contract")
        #expect(Self.code(results[5]) == "rollout.gate-closed", "\(results[5])")
        #expect(!(results[5]["text"] as? String ?? "--force").contains("--force"), "agents get no --force hint")
        let held = try #require(Self.environment(try Self.object(results[6]), "staging"))
        #expect(held["completedPhase"] as? String == "migrateConsumers" && held["nextPhase"] as? String == "contract")
        #expect(Self.environment(try Self.object(results[6]), "production")?["status"] as? String == "not started")

        // Rolled back before the contract: the original catalog and rows.
        (results, _) = try await Self.run([call("rollout_rollback", "staging")], database: database, project: project, extra: allow)
        #expect(try Self.object(results[0])["status"] as? String == "rolled_back")
        #expect(try await Self.publicFingerprint(database.config) == publicBefore)
        let rows = try await Session.with(database.config) { try await $0.one(Self.checksum) { try $0.decode(String.self) } }
        #expect(rows == stagingBefore.rows)

        // With the consumer patches deployed, the contract's lineage is clear: through to the end, then back.
        let plan = try MigrationPlan.read(from: URL(fileURLWithPath: project + "/.keel/plans/\(id).json"))
        let patched = try WorkloadBuilder.patchedProject(config: project + "/keel.yaml", plan: plan)
        let patchedRoot = URL(fileURLWithPath: patched).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: patchedRoot) }
        for patch in plan.consumerPatches {
            try? FileManager.default.removeItem(atPath: project + "/" + patch.file)
            try FileManager.default.copyItem(atPath: patchedRoot + "/" + patch.file, toPath: project + "/" + patch.file)
        }
        (results, _) = try await Self.run(Array(repeating: call("rollout_next", "staging"), count: 5) + [call("rollout_rollback", "staging"), status],
                                          database: database, project: project, extra: allow)
        #expect(try Self.object(results[4])["status"] as? String == "completed", "\(results[4])")
        #expect(try Self.object(results[5])["status"] as? String == "rolled_back", "\(results[5])")
        #expect(Self.environment(try Self.object(results[6]), "staging")?["status"] as? String == "rolled_back")
        let amounts: SQL = "SELECT md5(string_agg(id || ':' || amount, ',' ORDER BY id)) FROM invoices"
        let restored = try await Session.with(database.config) { try await $0.one(amounts) { try $0.decode(String.self) } }
        let original = try await Session.with(production) { try await $0.one(amounts) { try $0.decode(String.self) } }
        #expect(restored == original)
        #expect(try await Self.state(production) == productionBefore)
    }
}
