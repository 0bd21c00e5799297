import Foundation
import KeelPostgres
@testable import KeelValidate
import Testing

/// The generated dbt profile and dbt's version line (the real runs are in ValidateCommandTests).
@Suite struct DbtRunnerTests {
    @Test("the profile targets the sandbox and reads the password from the environment, never from the file")
    func profile() {
        let sandbox = ConnectionConfig(endpoint: .unixSocket(directory: "/tmp/keel \"sock\"", port: 5433), user: "keel",
                                       password: Password("s3cret"), database: "keel_sandbox_1")
        let text = DbtRunner.profile(target: "prod", schema: "analytics", sandbox: sandbox)
        #expect(text.hasPrefix("keel_sandbox:\n  target: \"prod\"\n  outputs:\n    \"prod\":\n"))
        #expect(text.contains("host: \"/tmp/keel \\\"sock\\\"\""))
        #expect(text.contains("port: 5433"))
        #expect(text.contains("dbname: \"keel_sandbox_1\""))
        #expect(text.contains("schema: \"analytics\""))
        #expect(text.contains("password: \"{{ env_var('KEEL_DBT_PASSWORD', '') }}\""))
        #expect(!text.contains("s3cret"))
    }

    @Test func messagesFitOnOneLine() {
        let message = "Database Error in test source_not_null_billing_invoices_amount (models/staging/schema.yml)\n  column \"amount\" does not exist\n  LINE 17: select amount\n                  ^\n  compiled code at /tmp/keel-dbt-1/target/run/x.sql"
        #expect(DbtRunner.oneLine(message) == "Database Error in test source_not_null_billing_invoices_amount (models/staging/schema.yml) column \"amount\" does not exist LINE 17: select amount")
    }

    @Test func versionFromDbtVersionOutput() {
        let output = "Core:\n  - installed: 1.9.11\n  - latest:    1.10.0 - Update available!\n\nPlugins:\n  - postgres: 1.9.1 - Up to date!\n"
        #expect(DbtRunner.version(output) == "1.9.11")
        #expect(DbtRunner.version("nothing here") == nil)
    }

    @Test("keel never looks for dbt; dbt without one installed is an error with an install hint")
    func resolve() async throws {
        let workload = Workload(items: [.init(id: "dbt:model.p.m", kind: .model, statements: ["select 1"])],
                                dbt: .init(directory: "/nowhere", target: "dev", schema: "public"))
        let nothing = ["PATH": "/nonexistent", "KEEL_DBT": ""]
        #expect(try await DbtRunner.resolve(.keel, for: workload, environment: nothing) == nil)
        #expect(try await DbtRunner.resolve(.auto, for: workload, environment: nothing) == nil)
        do {
            _ = try await DbtRunner.resolve(.dbt, for: workload, environment: nothing)
            Issue.record("expected validate.dbt-missing")
        } catch let error as ValidateError {
            #expect(error.code == "validate.dbt-missing")
            #expect(error.hint?.contains("pip install dbt-core dbt-postgres") == true)
        }
    }
}
