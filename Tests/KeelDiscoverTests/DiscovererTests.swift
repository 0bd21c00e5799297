import Foundation
import KeelCore
import KeelDiscover
import KeelPostgres
import KeelTestSupport
import PostgresNIO
import Testing

/// Every kind of object discovery covers, created in a fresh database and checked field by field.
@Suite(.postgres, .tags(.postgres)) struct DiscovererTests {
    static let kitchenSink: [SQL] = [
        "CREATE SCHEMA billing",
        "COMMENT ON SCHEMA billing IS 'money'",
        "CREATE TYPE billing.invoice_status AS ENUM ('draft', 'open', 'paid')",
        "CREATE DOMAIN billing.positive_money AS numeric(12,2) NOT NULL DEFAULT 0 CONSTRAINT positive CHECK (VALUE >= 0)",
        """
        CREATE TABLE billing.customers (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            email text NOT NULL UNIQUE,
            name text COLLATE "C",
            created_at timestamptz DEFAULT now(),
            token uuid DEFAULT gen_random_uuid(),
            lower_email text GENERATED ALWAYS AS (lower(email)) STORED
        )
        """,
        "COMMENT ON TABLE billing.customers IS 'people who pay'",
        "COMMENT ON COLUMN billing.customers.email IS 'login and billing address'",
        """
        CREATE TABLE billing.invoices (
            id bigserial PRIMARY KEY,
            customer_id bigint NOT NULL,
            amount integer NOT NULL DEFAULT 0,
            total billing.positive_money,
            status billing.invoice_status NOT NULL DEFAULT 'draft',
            issued_at timestamptz NOT NULL,
            during tstzrange,
            CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES billing.customers (id)
                ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
            CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
        ) WITH (fillfactor = 80)
        """,
        "ALTER TABLE billing.invoices ADD CONSTRAINT amount_positive CHECK (amount >= 0) NOT VALID",
        "CREATE INDEX invoices_open ON billing.invoices (issued_at DESC) INCLUDE (amount) WHERE status = 'open'",
        "CREATE INDEX invoices_double_amount ON billing.invoices ((amount * 2), customer_id)",
        "COMMENT ON INDEX billing.invoices_open IS 'the dunning query'",
        "COMMENT ON CONSTRAINT amount_positive ON billing.invoices IS 'no credit notes here'",
        "CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
        "CREATE TRIGGER invoices_touch BEFORE INSERT OR UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.touch()",
        "ALTER TABLE billing.invoices DISABLE TRIGGER invoices_touch",
        "CREATE FUNCTION billing.net(amount integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT amount'",
        "CREATE UNLOGGED TABLE billing.scratch (id int)",
        "CREATE TABLE billing.events (id bigint, at date NOT NULL) PARTITION BY RANGE (at)",
        "CREATE TABLE billing.events_2026 PARTITION OF billing.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        "CREATE VIEW billing.open_invoices AS SELECT i.id, c.email, i.amount FROM billing.invoices i JOIN billing.customers c ON c.id = i.customer_id WHERE i.status = 'open'",
        "CREATE MATERIALIZED VIEW billing.revenue AS SELECT customer_id, sum(amount) AS total FROM billing.invoices GROUP BY customer_id",
        "CREATE UNIQUE INDEX revenue_customer ON billing.revenue (customer_id)",
        "CREATE SEQUENCE billing.ticket_seq AS integer START 100 INCREMENT 5",
        "CREATE EXTENSION IF NOT EXISTS file_fdw",
        "CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
        "CREATE FOREIGN TABLE billing.imports (line text) SERVER files OPTIONS (filename '/dev/null')",
        "CREATE TABLE public.unrelated (id int)",
    ]

    @Test func readsEveryKindOfObject() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(Self.kitchenSink)
        let catalog = try await Discoverer().discover(db.config)
        let independent = try await IndependentCounts.read(db.config)
        #expect(IndependentCounts(catalog) == independent, "catalog \(IndependentCounts(catalog)) vs independent \(independent)")

        #expect(catalog.schemas.map(\.name.name) == ["billing", "public"])
        #expect(catalog.schemas.first?.comment == "money")
        let customers = try #require(catalog.table(try QualifiedName(schema: "billing", name: "customers")))
        #expect(customers.comment == "people who pay")
        #expect(customers.column(named: "email")?.comment == "login and billing address")
        #expect(customers.column(named: "id")?.identity == .always)
        #expect(customers.column(named: "name")?.collation == "pg_catalog.\"C\"")
        #expect(customers.column(named: "created_at")?.default == Catalog.DefaultValue(expression: "now()", volatility: .stable))
        #expect(customers.column(named: "token")?.default?.volatility == .volatile)
        #expect(customers.column(named: "lower_email")?.generated == "lower(email)")
        #expect(customers.column(named: "lower_email")?.default == nil)
        #expect(customers.constraints.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.primaryKey, .unique])

        let invoices = try #require(catalog.table(try QualifiedName(schema: "billing", name: "invoices")))
        #expect(invoices.options == ["fillfactor=80"])
        #expect(invoices.column(named: "status")?.type == "billing.invoice_status")
        #expect(invoices.column(named: "status")?.typeKind == .enum)
        #expect(invoices.column(named: "total")?.typeKind == .domain)
        #expect(invoices.column(named: "id")?.default?.expression == "nextval('billing.invoices_id_seq'::regclass)")
        let check = try #require(invoices.constraints.first { $0.name.name == "amount_positive" })
        #expect(check.kind == .check && !check.validated && check.checkExpression == "amount >= 0")
        #expect(check.comment == "no credit notes here")
        let fk = try #require(invoices.constraints.first { $0.kind == .foreignKey })
        #expect(fk.foreignKey == Catalog.ForeignKey(
            referencedTable: try QualifiedName(schema: "billing", name: "customers"), referencedColumns: [try Identifier("id")],
            onDelete: .cascade, onUpdate: .setNull, match: "simple"))
        #expect(fk.deferrable && fk.initiallyDeferred && fk.index == nil)
        let exclusion = try #require(invoices.constraints.first { $0.kind == .exclusion })
        #expect(exclusion.index?.name == "no_overlap")

        let open = try #require(invoices.indexes.first { $0.name.name == "invoices_open" })
        #expect(open.keys == [Catalog.IndexKey(column: try Identifier("issued_at"))])
        #expect(open.include == [try Identifier("amount")])
        #expect(open.predicate == "status = 'open'::billing.invoice_status")
        #expect(open.comment == "the dunning query" && open.valid && open.ready && !open.unique)
        let expression = try #require(invoices.indexes.first { $0.name.name == "invoices_double_amount" })
        #expect(expression.keys == [Catalog.IndexKey(expression: "(amount * 2)"), Catalog.IndexKey(column: try Identifier("customer_id"))])
        #expect(invoices.indexes.first { $0.primary }?.constraint?.name == "invoices_pkey")
        #expect(invoices.indexes.first { $0.method == "gist" }?.name.name == "no_overlap")

        let trigger = try #require(invoices.triggers.first)
        #expect(trigger.timing == .before && trigger.events == [.insert, .update] && trigger.forEachRow)
        #expect(trigger.enabled == .disabled && trigger.function.display == "billing.touch")

        #expect(catalog.table(try QualifiedName(schema: "billing", name: "scratch"))?.persistence == .unlogged)
        let events = try #require(catalog.table(try QualifiedName(schema: "billing", name: "events")))
        #expect(events.kind == .partitioned && events.partitionKey == "RANGE (at)")
        let partition = try #require(catalog.table(try QualifiedName(schema: "billing", name: "events_2026")))
        #expect(partition.partitionOf?.parent == events.qualifiedName)
        #expect(partition.partitionOf?.bound == "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
        let imports = try #require(catalog.table(try QualifiedName(schema: "billing", name: "imports")))
        #expect(imports.kind == .foreign && imports.foreignServer == "files")

        let view = try #require(catalog.views.first { $0.name.name == "open_invoices" })
        #expect(!view.materialized)
        #expect(view.columns.map(\.name.name) == ["id", "email", "amount"])
        #expect(Set(view.dependencies.map(\.display)) == [
            "billing.invoices.id", "billing.invoices.customer_id", "billing.invoices.amount", "billing.invoices.status",
            "billing.customers.id", "billing.customers.email",
        ])
        #expect(view.definition.contains("billing.invoices"))
        let revenue = try #require(catalog.views.first { $0.name.name == "revenue" })
        #expect(revenue.materialized && revenue.indexes.map(\.name.name) == ["revenue_customer"])

        let sequence = try #require(catalog.sequences.first { $0.name.name == "ticket_seq" })
        #expect(sequence.type == "integer" && sequence.start == 100 && sequence.increment == 5 && sequence.ownedBy == nil)
        #expect(catalog.sequences.first { $0.name.name == "invoices_id_seq" }?.ownedBy?.display == "billing.invoices.id")
        #expect(catalog.sequences.first { $0.name.name == "customers_id_seq" }?.ownedBy?.display == "billing.customers.id")
        #expect(catalog.enums.map(\.labels) == [["draft", "open", "paid"]])
        let domain = try #require(catalog.domains.first)
        #expect(domain.baseType == "numeric(12,2)" && !domain.nullable && domain.default == "0")
        #expect(domain.constraints.map(\.name.name) == ["positive"])
        let net = try #require(catalog.functions.first { $0.name.name == "net" })
        #expect(net.arguments == "amount integer" && net.returns == "integer" && net.volatility == .immutable && net.language == "sql")
        #expect(catalog.extensions.contains { $0.name == "file_fdw" })

        let source = try #require(catalog.source)
        #expect(source.majorVersion >= 12)
        #expect(source.settings["lock_timeout"] != nil && source.settings["TimeZone"] != nil)
    }

    @Test func sendsAFixedNumberOfStatementsWhateverTheNumberOfTables() async throws {
        let db = try #require(TestDatabase.current)
        func statements() async throws -> Int {
            try await Discoverer().run(db.config).statements
        }
        try await db.execute("CREATE TABLE t0 (id int PRIMARY KEY)")
        let few = try await statements()
        try await db.execute("""
            DO $$ BEGIN FOR i IN 1..300 LOOP
              EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, parent int REFERENCES t0 (id), note text)', i);
              EXECUTE format('CREATE VIEW v%s AS SELECT id, note FROM t%s', i, i);
            END LOOP; END $$
            """)
        let many = try await statements()
        #expect(few == many)
        #expect(many < 50)  // about 18 queries plus transaction set-up on each of the 4 sessions
        // One session reads the same catalog with the same number of queries.
        let single = try await Session.with(db.config) { session in
            let catalog = try await Discoverer().discover(session)
            return (catalog, session.statementCount)
        }
        #expect(single.1 < 25)
        #expect(single.0.fingerprint == (try await Discoverer().discover(db.config)).fingerprint)
    }

    @Test func fingerprintIsStableAcrossRunsAndStatisticsButFollowsTheSchema() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(Array(Self.kitchenSink.prefix(6)))
        let first = try await Discoverer().discover(db.config)
        try await db.execute("INSERT INTO billing.customers (email) SELECT 'c' || g || '@x' FROM generate_series(1, 500) g", "ANALYZE")
        let second = try await Discoverer().discover(db.config)
        #expect(first.fingerprint == second.fingerprint)
        try await db.execute("ALTER TABLE billing.customers ADD COLUMN discount numeric(12,2)")
        let third = try await Discoverer().discover(db.config)
        #expect(third.fingerprint != first.fingerprint)
        // The same schema in another database has the same fingerprint.
        let cluster = db.cluster
        let other = "keel_fp_" + UUID().uuidString.prefix(8).lowercased()
        try await Session.with(cluster.connectionConfig()) { try await $0.execute("CREATE DATABASE \(try Identifier(other))") }
        try await Session.with(cluster.connectionConfig(database: other)) { session in
            for statement in Self.kitchenSink.prefix(6) { try await session.execute(statement) }
        }
        let copy = try await Discoverer().discover(cluster.connectionConfig(database: other))
        #expect(copy.fingerprint == first.fingerprint)
        try await Session.with(cluster.connectionConfig()) { try await $0.execute("DROP DATABASE \(try Identifier(other)) WITH (FORCE)") }
    }

    @Test func limitsToTheRequestedSchemas() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(Array(Self.kitchenSink.prefix(6)) + ["CREATE TABLE public.other (id int)"])
        let catalog = try await Discoverer(options: .init(schemas: ["public"])).discover(db.config)
        #expect(catalog.tables.map(\.name.name) == ["other"])
        #expect(catalog.enums.isEmpty && catalog.domains.isEmpty)
        #expect(catalog.source?.schemaFilter == ["public"])
    }

    @Test func handlesHostileNames() async throws {
        let db = try #require(TestDatabase.current)
        for name in EvilNames.all {
            let identifier = try Identifier(name)
            try await db.execute("CREATE TABLE public.\(identifier) (\(identifier) int PRIMARY KEY)")
        }
        let catalog = try await Discoverer().discover(db.config)
        #expect(Set(catalog.tables.map(\.name.name)) == Set(EvilNames.all))
        for table in catalog.tables { #expect(table.columns.map(\.name) == [table.name]) }
    }

    @Test func indexDefinitionsAreExactlyWhatTheServerPrints() async throws {
        let db = try #require(TestDatabase.current)
        var statements: [SQL] = [
            "CREATE SCHEMA \"Odd Schema\"",
            "CREATE TABLE \"Odd Schema\".\"Mixed Table\" (id int PRIMARY KEY, \"between\" int, \"Name\" text, v varchar(10), t text COLLATE \"C\", n numeric, r int4range, tags text[], created timestamptz)",
            "CREATE INDEX plain_one ON \"Odd Schema\".\"Mixed Table\" (\"between\")",
            "CREATE UNIQUE INDEX \"Unique Two\" ON \"Odd Schema\".\"Mixed Table\" (\"Name\", n) INCLUDE (created, \"between\")",
            "CREATE INDEX on_varchar ON \"Odd Schema\".\"Mixed Table\" (v)",
            "CREATE INDEX descending ON \"Odd Schema\".\"Mixed Table\" (n DESC NULLS LAST, id)",
            "CREATE INDEX pattern ON \"Odd Schema\".\"Mixed Table\" (\"Name\" text_pattern_ops)",
            "CREATE INDEX collated ON \"Odd Schema\".\"Mixed Table\" (\"Name\" COLLATE \"C\")",
            "CREATE INDEX column_collated ON \"Odd Schema\".\"Mixed Table\" (t)",
            "CREATE INDEX expression ON \"Odd Schema\".\"Mixed Table\" (lower(\"Name\"), (n + 1))",
            "CREATE INDEX partial ON \"Odd Schema\".\"Mixed Table\" (id) WHERE n > 0",
            "CREATE INDEX with_options ON \"Odd Schema\".\"Mixed Table\" (id) WITH (fillfactor = 70)",
            "CREATE INDEX gist_range ON \"Odd Schema\".\"Mixed Table\" USING gist (r)",
            "CREATE INDEX gin_tags ON \"Odd Schema\".\"Mixed Table\" USING gin (tags)",
            "CREATE INDEX brin_created ON \"Odd Schema\".\"Mixed Table\" USING brin (created)",
            "CREATE INDEX hash_id ON \"Odd Schema\".\"Mixed Table\" USING hash (id)",
            "CREATE TABLE parts (id int, at date) PARTITION BY RANGE (at)",
            "CREATE INDEX parts_at ON parts (at)",
            "CREATE TABLE parts_2026 PARTITION OF parts FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        ]
        for name in EvilNames.all {
            let identifier = try Identifier(name)
            statements.append("CREATE TABLE public.\(identifier) (\(identifier) int)")
            statements.append("CREATE INDEX \(try Identifier(String(name.prefix(50)) + "_ix")) ON public.\(identifier) (\(identifier))")
        }
        try await db.execute(statements)
        let catalog = try await Discoverer().discover(db.config)
        let expected = try await Session.with(db.config) { s in
            try await s.collect("SELECT c.relname::text, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'pg_toast')") {
                try $0.decode((String, String).self)
            }
        }
        // Printed with the same search_path discovery uses, so every relation is qualified.
        let qualified = try await Session.with(db.config) { s -> [String: String] in
            try await s.execute("SET search_path = pg_catalog")
            let rows = try await s.collect("SELECT c.relname::text, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'pg_toast')") {
                try $0.decode((String, String).self)
            }
            return Dictionary(uniqueKeysWithValues: rows)
        }
        #expect(expected.count == qualified.count)
        let indexes = catalog.tables.flatMap(\.indexes)
        #expect(indexes.count == qualified.count)
        for index in indexes {
            #expect(index.definition == qualified[index.name.name], "\(index.name.name)")
        }
    }

    @Test func invalidIndexesAreReportedAsInvalid() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute("CREATE TABLE dup (v int)", "INSERT INTO dup VALUES (1), (1)")
        try? await db.execute("CREATE UNIQUE INDEX CONCURRENTLY dup_v ON dup (v)")
        let catalog = try await Discoverer().discover(db.config)
        let index = try #require(catalog.tables.first?.indexes.first)
        #expect(index.name.name == "dup_v" && !index.valid)
    }
}
