import Foundation
import KeelCore
import KeelPlan
import KeelPostgres
import KeelTestSupport
import PostgresNIO
import Testing

/// Every spec operation, planned against a discovered catalog with data, run on PostgreSQL, checked,
/// and rolled back to the original catalog fingerprint (or shown irreversible, as documented).
@Suite("Operations on PostgreSQL", .postgres)
struct OperationExecutionTests {
    static let schema: [SQL] = [
        "CREATE TYPE mood AS ENUM ('sad', 'ok')",
        """
        CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text, name varchar(50),
          score integer NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now(), status mood,
          CONSTRAINT accounts_score_check CHECK (score >= 0))
        """,
        """
        CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          account_id bigint NOT NULL REFERENCES accounts (id), total integer NOT NULL, note text)
        """,
        "CREATE INDEX orders_total_idx ON orders (total)",
        "CREATE TABLE tags (name text, weight integer)",
        "INSERT INTO accounts (email, name, score, status) SELECT 'a' || g || '@example.com', 'n' || g, g, 'ok' FROM generate_series(1, 200) g",
        "INSERT INTO orders (account_id, total) SELECT 1 + g % 200, g FROM generate_series(1, 500) g",
        "INSERT INTO tags SELECT 't' || g, g FROM generate_series(1, 50) g",
        "ANALYZE",
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var operation: String
        /// A query whose single text value shows the operation worked.
        var probe: String
        var expected: String
        /// Phases that must have steps.
        var phases: [MigrationPlan.PhaseKind]
        /// Run the contract too (for operations that live there).
        var contract = false
        var testDescription: String { String(operation.prefix(60)) }
    }

    static let cases: [Case] = [
        Case(operation: "create_table: {table: events, columns: [{name: id, type: bigint, primary_key: true}, {name: account_id, type: bigint, references: {table: accounts, column: id}}, {name: payload, type: jsonb, nullable: false, default: \"'{}'\"}]}",
             probe: "SELECT count(*)::text FROM events", expected: "0", phases: [.expand]),
        Case(operation: "drop_table: {table: tags}",
             probe: "SELECT count(*)::text FROM pg_class WHERE relname = 'tags'", expected: "0", phases: [.contract], contract: true),
        Case(operation: "rename_table: {table: orders, to: purchases}",
             probe: "SELECT count(*)::text FROM public_v2.purchases", expected: "500", phases: [.expand, .contract]),
        Case(operation: "add_column: {table: accounts, column: {name: token, type: uuid, nullable: false, default: gen_random_uuid()}}",
             probe: "SELECT count(DISTINCT token)::text FROM accounts", expected: "200", phases: [.expand, .backfill, .dualWrite]),
        Case(operation: "add_column: {table: accounts, column: {name: domain, type: text, nullable: false}, up: \"split_part(email, '@', 2)\"}",
             probe: "SELECT string_agg(DISTINCT domain, ',') FROM accounts", expected: "example.com", phases: [.expand, .backfill, .dualWrite]),
        // tags has no primary key: the backfill walks heap pages.
        Case(operation: "add_column: {table: tags, column: {name: label, type: text, nullable: false}, up: \"upper(name)\"}",
             probe: "SELECT count(*)::text FROM tags WHERE label = upper(name)", expected: "50", phases: [.expand, .backfill, .dualWrite]),
        Case(operation: "add_column: {table: orders, column: {name: ref_account, type: bigint, references: {table: accounts, column: id}, check: ref_account > 0, unique: true}}",
             probe: "SELECT count(*)::text FROM pg_constraint WHERE conrelid = 'orders'::regclass", expected: "5", phases: [.expand, .dualWrite]),
        Case(operation: "drop_column: {table: orders, column: note}",
             probe: "SELECT count(*)::text FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'note' AND NOT attisdropped", expected: "0",
             phases: [.contract], contract: true),
        Case(operation: "rename_column: {table: accounts, column: name, to: full_name}",
             probe: "SELECT full_name FROM public_v2.accounts WHERE id = 1", expected: "n1", phases: [.expand, .contract]),
        Case(operation: "alter_column: {table: accounts, column: name, type: varchar(100)}",
             probe: "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'name'",
             expected: "character varying(100)", phases: [.expand]),
        Case(operation: "alter_column: {table: orders, column: total, type: bigint, up: total::bigint, down: total::integer}",
             probe: "SELECT count(*)::text FROM orders WHERE total_bigint = total", expected: "500", phases: [.expand, .backfill, .dualWrite, .contract]),
        Case(operation: "alter_column: {table: accounts, column: email, nullable: false}",
             probe: "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email'", expected: "true",
             phases: [.dualWrite]),
        Case(operation: "alter_column: {table: accounts, column: score, nullable: true}",
             probe: "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'score'", expected: "false",
             phases: [.expand]),
        Case(operation: "alter_column: {table: accounts, column: score, default: '10', comment: points}",
             probe: "SELECT col_description('accounts'::regclass, 4) || pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'accounts'::regclass AND adnum = 4",
             expected: "points10", phases: [.expand]),
        Case(operation: "alter_column: {table: accounts, column: score, drop_default: true}",
             probe: "SELECT count(*)::text FROM pg_attrdef WHERE adrelid = 'accounts'::regclass AND adnum = 4", expected: "0", phases: [.expand]),
        Case(operation: "add_constraint: {table: orders, name: orders_total_positive, check: total > 0}",
             probe: "SELECT convalidated::text FROM pg_constraint WHERE conname = 'orders_total_positive'", expected: "true", phases: [.expand, .dualWrite]),
        Case(operation: "add_constraint: {table: orders, name: orders_account_fk2, foreign_key: {columns: [account_id], references_table: accounts, references_columns: [id], on_delete: cascade}}",
             probe: "SELECT convalidated::text FROM pg_constraint WHERE conname = 'orders_account_fk2'", expected: "true", phases: [.expand, .dualWrite]),
        Case(operation: "add_constraint: {table: accounts, name: accounts_email_key, unique: [email]}",
             probe: "SELECT contype::text FROM pg_constraint WHERE conname = 'accounts_email_key'", expected: "u", phases: [.expand, .dualWrite]),
        Case(operation: "add_constraint: {table: tags, name: tags_pkey, primary_key: [name]}",
             probe: "SELECT contype::text FROM pg_constraint WHERE conname = 'tags_pkey'", expected: "p", phases: [.expand, .dualWrite]),
        Case(operation: "drop_constraint: {table: accounts, name: accounts_score_check}",
             probe: "SELECT count(*)::text FROM pg_constraint WHERE conname = 'accounts_score_check'", expected: "0", phases: [.expand]),
        Case(operation: "create_index: {table: orders, name: orders_account_total_idx, columns: [account_id, total], where: total > 10}",
             probe: "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'orders_account_total_idx'::regclass", expected: "true", phases: [.expand]),
        Case(operation: "drop_index: {name: orders_total_idx}",
             probe: "SELECT count(*)::text FROM pg_class WHERE relname = 'orders_total_idx'", expected: "0", phases: [.contract], contract: true),
        Case(operation: "create_enum: {name: color, values: [red, \"it's green\"]}",
             probe: "SELECT string_agg(enumlabel, '|' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'color'::regtype",
             expected: "red|it's green", phases: [.expand]),
        Case(operation: "add_enum_value: {enum: mood, value: happy, after: ok}",
             probe: "SELECT string_agg(enumlabel, '|' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'mood'::regtype",
             expected: "sad|ok|happy", phases: [.expand]),
        Case(operation: "sql: {up: 'CREATE TABLE audit (id int); CREATE INDEX audit_id ON audit (id)', down: 'DROP TABLE audit'}",
             probe: "SELECT count(*)::text FROM audit", expected: "0", phases: [.expand]),
    ]

    @Test("plan, run, check, roll back", arguments: cases)
    func operation(_ testCase: Case) async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(Self.schema)
        let before = try await PlanFixtures.discover(database)
        let loaded = try PlanFixtures.spec("change: c\noperations:\n  - \(testCase.operation)\n")
        let plan = try Planner(catalog: before).plan(loaded)
        for phase in testCase.phases { #expect(plan.phase(phase)?.steps.isEmpty == false, "\(phase) has no steps") }
        for step in plan.steps where step.lock.blocksWrites && step.rewrite != .none {
            Issue.record("\(step.id) blocks writes while it \(step.rewrite.rawValue)s: \(step.summary)")
        }
        let executed = plan.phases.filter { testCase.contract || $0.kind != .contract }.flatMap(\.steps)
        try await Session.with(database.config) { session in
            let runner = PlanRunner(session: session)
            try await runner.run(executed)
            let value = try await session.one(SQL(trusted: testCase.probe)) { try $0.decode(String?.self) }
            #expect(value == testCase.expected)
            if executed.allSatisfy({ $0.rollback != nil }) {
                try await runner.rollback(executed)
            }
        }
        let after = try await PlanFixtures.discover(database)
        if executed.allSatisfy({ $0.rollback != nil }) {
            #expect(after.fingerprint == before.fingerprint, "rollback did not restore the catalog")
        } else {
            // Documented: contract steps and new enum values cannot be undone.
            #expect(executed.contains { $0.rollback == nil && ($0.id.hasPrefix("contract") || $0.summary.contains("add ")) })
        }
    }

    @Test("hostile names migrate correctly", arguments: EvilNames.all)
    func evilNames(_ name: String) async throws {
        let database = try #require(TestDatabase.current)
        let table = try QualifiedName(schema: "public", name: name)
        let column = try Identifier(String(name.prefix(50)))
        try await database.execute([
            "CREATE TABLE \(table) (id bigint PRIMARY KEY, \(column) integer NOT NULL)",
            "INSERT INTO \(table) SELECT g, g FROM generate_series(1, 100) g",
            "ANALYZE \(table)",
        ])
        let before = try await PlanFixtures.discover(database)
        let quoted = { (text: String) in "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let spec = ChangeSpec(change: "evil", operations: [
            .addColumn(.init(table: quoted(name), column: .init(name: quoted(column.name + "2"), type: "text", default: "'x'"))),
            .alterColumn(.init(table: quoted(name), column: quoted(column.name), type: "bigint")),
            .renameColumn(.init(table: quoted(name), column: quoted(column.name + "2"), to: "renamed")),
            .createIndex(.init(table: quoted(name), name: quoted(String(name.prefix(40)) + "_idx"), columns: [quoted(column.name)])),
        ])
        let plan = try Planner(catalog: before).plan(spec)
        let executed = plan.phases.filter { $0.kind != .contract }.flatMap(\.steps)
        try await Session.with(database.config) { session in
            let runner = PlanRunner(session: session)
            try await runner.run(executed)
            let newColumn = try #require(plan.steps.compactMap(\.backfill).first).batch
            _ = newColumn
            try await runner.rollback(executed)
        }
        let after = try await PlanFixtures.discover(database)
        #expect(after.fingerprint == before.fingerprint)
        #expect(after.table(try QualifiedName(schema: "public", name: "x")) == nil)
    }
}
