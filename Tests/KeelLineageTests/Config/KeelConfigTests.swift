import KeelLineage
import Testing

@Suite("keel.yaml")
struct KeelConfigTests {
    @Test("the billing keel.yaml names both environments, the dbt project, the DAG folder and three consumers")
    func billing() throws {
        let config = try KeelConfig.load(LineageFixtures.billing + "/keel.yaml")
        #expect(config.version == 1)
        #expect(config.environments.map(\.name) == ["staging", "production"])
        #expect(config.environment("production")?.production == true)
        #expect(config.environment("staging")?.production == false)
        #expect(config.environment("production")?.connection == .environmentVariable("KEEL_PRODUCTION_URL"))
        #expect(config.environment("production")?.connectionString(environment: ["KEEL_PRODUCTION_URL": "postgres://db/billing"])
                == "postgres://db/billing")
        #expect(config.environment("production")?.connectionString(environment: [:]) == nil)
        #expect(config.dbt?.project == "dbt/billing_dbt")
        #expect(config.dbt?.target == DbtTarget(name: "prod", schema: "analytics"))
        #expect(config.path(config.dbt?.project ?? "") == LineageFixtures.billing + "/dbt/billing_dbt")
        #expect(config.airflow?.dags == "dags")
        #expect(config.airflow?.logicalDate == "2024-01-01")
        #expect(config.dashboards.map(\.name) == ["Revenue overview", "Top customers", "GET /invoices/{id}"])
        #expect(config.dashboards.map(\.kind) == [.dashboard, .dashboard, .api])
        let api = try #require(config.dashboards.last)
        #expect(api.queries.first?.sql == "SELECT id, amount, currency, status FROM invoices WHERE id = $1")
        #expect(api.queries.first?.parameters == [KeelConfig.Parameter(name: "id", type: "bigint", example: .int(42))])
        #expect(api.queries.first?.location.line == 48)
        #expect(config.searchPath == ["public"])
    }

    @Test("the starter text parses, with both environments and no consumers")
    func starter() throws {
        let config = try KeelConfig.parse(KeelConfig.starterText)
        #expect(config.environments.map(\.name) == ["staging", "production"])
        #expect(config.dbt == nil)
        #expect(config.airflow == nil)
        #expect(config.dashboards.isEmpty)
        #expect(KeelConfig.starterText.hasPrefix("# keel.yaml"))
    }

    @Test("a single sql: with parameters is shorthand for one query; url: without a password is accepted")
    func shorthand() throws {
        let config = try KeelConfig.parse("""
            version: 1
            environments:
              dev: { url: "postgres://app@localhost/app" }
            dashboards:
              - name: Churn
                kind: report
                sql: |
                  SELECT count(*) FROM customers WHERE country = $1
                parameters: [country]
            """)
        #expect(config.environment("dev")?.connection == .url("postgres://app@localhost/app"))
        let query = try #require(config.dashboards.first?.queries.first)
        #expect(query.sql == "SELECT count(*) FROM customers WHERE country = $1\n")
        #expect(query.parameters.map(\.name) == ["country"])
        #expect(config.dashboards.first?.kind == .report)
    }

    @Test("bad keel.yaml fails with a code and a line", arguments: [
        ("version: 1\nenvironments:\n  prod:\n    url_env: X\n  bad: [unclosed\n", "lineage.yaml-syntax", 6),
        ("version: 1\ndashbords: []\n", "lineage.unknown-key", 2),
        ("version: 1\nenvironments:\n  prod:\n    urll: postgres://x\n", "lineage.unknown-key", 4),
        ("version: 2\n", "lineage.invalid-value", 1),
        ("environments: {}\n", "lineage.invalid-value", 1),
        ("version: 1\nenvironments:\n  prod:\n    url: postgres://u:secret@h/db\n", "lineage.invalid-value", 4),
        ("version: 1\nenvironments:\n  prod:\n    production: true\n", "lineage.invalid-value", 3),
        ("version: 1\ndashboards:\n  - name: A\n    kind: tv\n    sql: SELECT 1\n", "lineage.invalid-value", 4),
        ("version: 1\ndashboards:\n  - name: A\n    sql: SELECT 1\n  - name: A\n    sql: SELECT 2\n", "lineage.invalid-value", 5),
        ("version: 1\ndashboards:\n  - name: A\n    kind: api\n", "lineage.invalid-value", 3),
        ("version: 1\ndbt:\n  manifest: x.json\n", "lineage.invalid-value", 3),
        ("version: 1\nairflow:\n  dags: dags\n  logical_date: tomorrow\n", "lineage.invalid-value", 4),
        ("", "lineage.invalid-value", 1),
    ])
    func badInput(yaml: String, code: String, line: Int) {
        do {
            _ = try KeelConfig.parse(yaml, file: "keel.yaml")
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code, "\(error)")
            guard case let location? = Self.location(error) else { Issue.record("no location in \(error)"); return }
            #expect(location.file == "keel.yaml")
            #expect(location.line == line, "\(error)")
        }
    }

    @Test("a missing keel.yaml is file-not-found")
    func missingFile() {
        #expect(throws: LineageError.fileNotFound(path: "/nonexistent/keel.yaml", what: "Keel configuration")) {
            try KeelConfig.load("/nonexistent/keel.yaml")
        }
    }

    static func location(_ error: LineageError) -> FileLocation? {
        switch error {
        case .yamlSyntax(let at, _), .unknownKey(let at, _, _), .invalidValue(let at, _, _): at
        default: nil
        }
    }
}
