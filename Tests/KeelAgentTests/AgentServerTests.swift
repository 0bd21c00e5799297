import Foundation
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
    static func run(_ scenario: [[String: Any]], database: TestDatabase, project: String) async throws -> (results: [[String: Any]], progress: [String]) {
        let python = try python()
        let file = project + "/scenario-\(UUID().uuidString.prefix(6)).json"
        try JSONSerialization.data(withJSONObject: scenario).write(to: URL(fileURLWithPath: file))
        let client = PackageRoot.url.appendingPathComponent("Tests/KeelAgentTests/Fixtures/mcp_client.py").path
        let result = try await ProgramRunner.run(python, [client, file, "--", KeelBinary.path, "mcp", "--db", database.cluster.url(database: database.name),
                                                          "--config", project + "/keel.yaml", "--workspace", project + "/.keel"],
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
        ], database: database, project: project)
        let tools = try #require(results[0]["tools"] as? [[String: Any]])
        #expect(Set(tools.compactMap { $0["name"] as? String }) == [
            "list_schemas", "search_tables", "describe_table", "impact", "column_lineage", "lint_sql", "propose_migration",
            "explain_plan", "validate_plan", "get_report", "run_readonly_query",
        ])
        #expect(tools.allSatisfy { ($0["readOnly"] as? Bool) == true && ($0["destructive"] as? Bool) == false && $0["schema"] is [String: Any] })
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
    }

    @Test("run_readonly_query refuses every write or file access, and the database is unchanged")
    func refusals() async throws {
        let (database, project) = try await Self.prepare()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let checksum: SQL = "SELECT md5(string_agg(i::text, ',' ORDER BY id)) || (SELECT last_value::text FROM invoices_id_seq) FROM invoices i"
        let before = try await Session.with(database.config) { try await $0.one(checksum) { try $0.decode(String.self) } }
        let fingerprint = try await Discoverer().discover(database.config).fingerprint
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
        let after = try await Session.with(database.config) { try await $0.one(checksum) { try $0.decode(String.self) } }
        #expect(after == before)
        #expect(try await Discoverer().discover(database.config).fingerprint == fingerprint)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/keel-stolen.csv"))
    }
}
