import Foundation
import KeelCore
import KeelPlan
import KeelTestSupport

/// The hand-built catalog the lint tests and the migration corpus run against: a "production"
/// database with big tables, an empty one, a partitioned one, views, functions, a domain and an enum.
///
/// `Fixtures/lint/catalog.json` is this catalog written canonically (a golden file:
/// `KEEL_UPDATE_GOLDEN=1` rewrites it), so `keel lint --catalog` can reproduce the corpus results.
enum LintFixtures {
    static func id(_ name: String) -> Identifier {
        // Fixture names are short and valid; a failure here is a bug in the fixture itself.
        try! Identifier(name)
    }

    static func qualified(_ name: String) -> QualifiedName { QualifiedName(schema: id("public"), name: id(name)) }

    static func column(_ name: String, _ position: Int, _ type: String, nullable: Bool = true,
                       typeKind: Catalog.TypeKind = .base, default value: Catalog.DefaultValue? = nil) -> Catalog.Column {
        Catalog.Column(name: id(name), position: position, type: type, typeKind: typeKind, isArray: type.hasSuffix("[]"),
                       nullable: nullable, default: value)
    }

    static func stats(rows: Int64?, bytes: Int64) -> Catalog.Statistics {
        Catalog.Statistics(rowEstimate: rows, tableBytes: bytes, totalBytes: bytes + bytes / 4)
    }

    static func index(_ name: String, _ columns: [String], unique: Bool = false, primary: Bool = false, table: String) -> Catalog.Index {
        let definition = "CREATE \(unique ? "UNIQUE " : "")INDEX \(name) ON public.\(table) USING btree (\(columns.joined(separator: ", ")))"
        return Catalog.Index(name: id(name), definition: definition, method: "btree", keys: columns.map { .init(column: id($0)) },
                             unique: unique, primary: primary, constraint: primary || unique ? id(name) : nil)
    }

    /// The corpus database.
    static let catalog: Catalog = {
        let accounts = Catalog.Table(
            schema: id("public"), name: id("accounts"), kind: .ordinary, persistence: .permanent,
            columns: [
                column("id", 1, "bigint", nullable: false),
                column("email", 2, "character varying(50)"),
                column("name", 3, "text"),
                column("status", 4, "text"),
                column("balance", 5, "numeric(10,2)"),
                column("created_at", 6, "timestamp without time zone"),
                column("region_id", 7, "integer"),
                column("legacy_code", 8, "character(3)"),
                column("score", 9, "integer"),
                column("note", 10, "character varying(200)"),
                column("nickname", 11, "text", nullable: false),
                column("kind", 12, "public.account_status", typeKind: .enum),
            ],
            constraints: [
                Catalog.Constraint(name: id("accounts_pkey"), kind: .primaryKey, columns: [id("id")], definition: "PRIMARY KEY (id)",
                                   index: id("accounts_pkey")),
                Catalog.Constraint(name: id("accounts_email_not_null"), kind: .check, columns: [id("email")],
                                   definition: "CHECK ((email IS NOT NULL))", validated: true, checkExpression: "email IS NOT NULL"),
                Catalog.Constraint(name: id("accounts_status_not_null"), kind: .check, columns: [id("status")],
                                   definition: "CHECK ((status IS NOT NULL)) NOT VALID", validated: false,
                                   checkExpression: "status IS NOT NULL"),
                Catalog.Constraint(name: id("accounts_email_key"), kind: .unique, columns: [id("email")], definition: "UNIQUE (email)",
                                   index: id("accounts_email_key")),
            ],
            indexes: [
                index("accounts_pkey", ["id"], unique: true, primary: true, table: "accounts"),
                index("accounts_email_key", ["email"], unique: true, table: "accounts"),
                index("accounts_created_at_idx", ["created_at"], table: "accounts"),
            ],
            stats: stats(rows: 2_000_000, bytes: 400_000_000))
        let orders = Catalog.Table(
            schema: id("public"), name: id("orders"), kind: .ordinary, persistence: .permanent,
            columns: [
                column("id", 1, "bigint", nullable: false),
                column("account_id", 2, "bigint"),
                column("amount", 3, "numeric(12,2)"),
                column("placed_at", 4, "timestamp with time zone", default: Catalog.DefaultValue(expression: "now()", volatility: .stable)),
                column("note", 5, "text"),
                column("code", 6, "text"),
                column("total", 7, "numeric(12,2)"),
            ],
            constraints: [
                Catalog.Constraint(name: id("orders_pkey"), kind: .primaryKey, columns: [id("id")], definition: "PRIMARY KEY (id)",
                                   index: id("orders_pkey")),
                Catalog.Constraint(name: id("orders_account_id_fkey"), kind: .foreignKey, columns: [id("account_id")],
                                   definition: "FOREIGN KEY (account_id) REFERENCES public.accounts(id)",
                                   foreignKey: Catalog.ForeignKey(referencedTable: qualified("accounts"), referencedColumns: [id("id")],
                                                                  onDelete: .noAction, onUpdate: .noAction, match: "simple")),
            ],
            indexes: [
                index("orders_pkey", ["id"], unique: true, primary: true, table: "orders"),
                index("orders_account_id_idx", ["account_id"], table: "orders"),
            ],
            stats: stats(rows: 10_000_000, bytes: 1_500_000_000))
        let auditLog = Catalog.Table(
            schema: id("public"), name: id("audit_log"), kind: .ordinary, persistence: .permanent,
            columns: [column("id", 1, "bigint", nullable: false), column("payload", 2, "jsonb"), column("at", 3, "timestamp with time zone")],
            indexes: [index("audit_log_at_idx", ["at"], table: "audit_log")],
            stats: stats(rows: 0, bytes: 0))
        let settings = Catalog.Table(
            schema: id("public"), name: id("settings"), kind: .ordinary, persistence: .permanent,
            columns: [column("key", 1, "text"), column("value", 2, "text")],
            stats: stats(rows: 40, bytes: 8192))
        let events = Catalog.Table(
            schema: id("public"), name: id("events"), kind: .partitioned, persistence: .permanent,
            columns: [column("id", 1, "bigint", nullable: false), column("happened_at", 2, "timestamp with time zone", nullable: false),
                      column("kind", 3, "text")],
            partitionKey: "RANGE (happened_at)", stats: stats(rows: nil, bytes: 0))
        let events2024 = Catalog.Table(
            schema: id("public"), name: id("events_2024"), kind: .ordinary, persistence: .permanent,
            columns: events.columns,
            partitionOf: Catalog.PartitionParent(parent: qualified("events"), bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"),
            stats: stats(rows: 50_000_000, bytes: 6_000_000_000))
        let accountEmails = Catalog.View(
            schema: id("public"), name: id("account_emails"), materialized: false,
            definition: " SELECT accounts.id, accounts.email FROM public.accounts;",
            columns: [column("id", 1, "bigint"), column("email", 2, "character varying(50)")],
            dependencies: [Catalog.ColumnReference(schema: id("public"), table: id("accounts"), column: id("id")),
                           Catalog.ColumnReference(schema: id("public"), table: id("accounts"), column: id("email"))])
        let dailyTotals = Catalog.View(
            schema: id("public"), name: id("daily_totals"), materialized: true,
            definition: " SELECT date_trunc('day', orders.placed_at) AS day, sum(orders.amount) AS total FROM public.orders GROUP BY 1;",
            columns: [column("day", 1, "timestamp with time zone"), column("total", 2, "numeric")],
            relationDependencies: [qualified("orders")], stats: stats(rows: 900, bytes: 65536))
        let source = Catalog.Source(database: "prod", serverVersion: "15.18", serverVersionNumber: 150018,
                                    settings: ["TimeZone": "UTC", "lock_timeout": "0", "statement_timeout": "0"],
                                    schemaFilter: [], discoveredAt: Date(timeIntervalSince1970: 1_767_225_600))
        let functions = [
            Catalog.Function(schema: id("public"), name: id("app_default_region"), arguments: "", returns: "text", kind: .function,
                             language: "sql", volatility: .immutable, securityDefiner: false),
            Catalog.Function(schema: id("public"), name: id("next_ticket"), arguments: "", returns: "bigint", kind: .function,
                             language: "plpgsql", volatility: .volatile, securityDefiner: false),
        ]
        let domains = [Catalog.Domain(schema: id("public"), name: id("positive_amount"), baseType: "numeric", nullable: true, default: nil,
                                      constraints: [Catalog.DomainConstraint(name: id("positive_amount_check"), definition: "CHECK ((VALUE > (0)::numeric))", validated: true)])]
        let enums = [Catalog.EnumType(schema: id("public"), name: id("account_status"), labels: ["active", "suspended"])]
        // The initializer only throws if canonical encoding fails, which a well-formed value never does.
        return try! Catalog(source: source, schemas: [Catalog.Schema(name: id("public"))],
                            tables: [accounts, orders, auditLog, settings, events, events2024], views: [accountEmails, dailyTotals],
                            sequences: [], enums: enums, domains: domains, functions: functions, extensions: [])
    }()

    /// The folder of the migration corpus.
    static var corpusDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/lint")
    }

    /// The corpus files, sorted by name.
    static func corpusFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: corpusDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Lints `sql` with the corpus catalog (or none).
    static func lint(_ sql: String, catalog: Catalog? = LintFixtures.catalog, assumeInTransaction: Bool = false,
                     configuration: LintConfiguration = .default) -> [LintFinding] {
        Linter(catalog: catalog, options: .init(assumeInTransaction: assumeInTransaction, configuration: configuration))
            .lint(sql, path: "m.sql")
    }

    /// The rule ids of `findings`, sorted, duplicates kept once.
    static func rules(_ findings: [LintFinding]) -> [String] { Array(Set(findings.map(\.rule))).sorted() }

    /// `SET lock_timeout` and `SET statement_timeout`, so a test sees only the rule it is about.
    static let timeouts = "SET lock_timeout = '1s';\nSET statement_timeout = '10s';\n"
}
