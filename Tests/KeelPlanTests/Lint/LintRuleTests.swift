import Foundation
import KeelCore
import KeelPlan
import Testing

/// Each rule's unsafe and safe variants, as pure tests with the hand-built catalog (or none).
@Suite("Lint rules")
struct LintRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: String
        var sql: String
        var fires: Bool
        var withCatalog = true
        var testDescription: String { "\(fires ? "flags" : "passes") \(rule): \(sql.prefix(70))" }
    }

    static func flags(_ rule: String, _ sql: String, catalog: Bool = true) -> Case { Case(rule: rule, sql: sql, fires: true, withCatalog: catalog) }
    static func passes(_ rule: String, _ sql: String, catalog: Bool = true) -> Case { Case(rule: rule, sql: sql, fires: false, withCatalog: catalog) }

    static let cases: [Case] = [
        flags("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN r float8 DEFAULT random()"),
        flags("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN t timestamptz DEFAULT clock_timestamp()"),
        flags("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN n bigint DEFAULT nextval('s')"),
        flags("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN n bigint DEFAULT unknown_fn()", catalog: false),
        flags("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN a numeric DEFAULT 1 CHECK (a > 0), ADD COLUMN p positive_amount"),
        passes("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN t timestamptz DEFAULT now()", catalog: false),
        passes("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN t timestamptz DEFAULT CURRENT_TIMESTAMP", catalog: false),
        passes("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN s text DEFAULT lower('X') || 'y'", catalog: false),
        passes("adding-field-with-default", "ALTER TABLE accounts ADD COLUMN r text DEFAULT public.app_default_region()"),
        passes("adding-field-with-default", "ALTER TABLE accounts ALTER COLUMN name SET DEFAULT random()"),
        passes("adding-field-with-default", "ALTER TABLE audit_log ADD COLUMN r float8 DEFAULT random()"),

        flags("adding-required-field", "ALTER TABLE orders ADD COLUMN x bigint NOT NULL"),
        flags("adding-required-field", "ALTER TABLE orders ADD COLUMN x bigint NOT NULL", catalog: false),
        passes("adding-required-field", "ALTER TABLE orders ADD COLUMN x bigint NOT NULL DEFAULT 0"),
        passes("adding-required-field", "ALTER TABLE orders ADD COLUMN x bigint GENERATED ALWAYS AS IDENTITY NOT NULL"),
        passes("adding-required-field", "ALTER TABLE audit_log ADD COLUMN x bigint NOT NULL"),
        passes("adding-required-field", "CREATE TABLE t (id bigint); ALTER TABLE t ADD COLUMN x bigint NOT NULL"),

        flags("adding-not-nullable-field", "ALTER TABLE orders ALTER COLUMN note SET NOT NULL"),
        flags("adding-not-nullable-field", "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL", catalog: false),
        passes("adding-not-nullable-field", "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL"),
        passes("adding-not-nullable-field", "ALTER TABLE accounts ALTER COLUMN nickname SET NOT NULL"),
        flags("adding-not-nullable-field", "ALTER TABLE accounts ALTER COLUMN status SET NOT NULL"),
        passes("adding-not-nullable-field", """
            ALTER TABLE orders ADD CONSTRAINT c CHECK (note IS NOT NULL AND amount > 0);
            ALTER TABLE orders ALTER COLUMN note SET NOT NULL
            """),
        flags("adding-not-nullable-field", """
            ALTER TABLE orders ADD CONSTRAINT c CHECK (note IS NOT NULL) NOT VALID;
            ALTER TABLE orders ALTER COLUMN note SET NOT NULL
            """),

        flags("adding-serial-primary-key-field", "ALTER TABLE settings ADD PRIMARY KEY (key)"),
        flags("adding-serial-primary-key-field", "ALTER TABLE settings ADD COLUMN id bigserial PRIMARY KEY"),
        passes("adding-serial-primary-key-field", "ALTER TABLE settings ADD CONSTRAINT pk PRIMARY KEY USING INDEX settings_idx"),

        flags("changing-column-type", "ALTER TABLE accounts ALTER COLUMN score TYPE bigint"),
        flags("changing-column-type", "ALTER TABLE accounts ALTER COLUMN email TYPE varchar(100)", catalog: false),
        flags("changing-column-type", "ALTER TABLE accounts ALTER COLUMN email TYPE varchar(10)"),
        flags("changing-column-type", "ALTER TABLE accounts ALTER COLUMN name TYPE varchar(10)"),
        flags("changing-column-type", "ALTER TABLE accounts ALTER COLUMN note TYPE text USING lower(note)"),
        passes("changing-column-type", "ALTER TABLE accounts ALTER COLUMN email TYPE varchar(100)"),
        passes("changing-column-type", "ALTER TABLE accounts ALTER COLUMN email TYPE character varying"),
        passes("changing-column-type", "ALTER TABLE accounts ALTER COLUMN name TYPE varchar"),
        passes("changing-column-type", "ALTER TABLE accounts ALTER COLUMN balance TYPE numeric"),
        passes("changing-column-type", "ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamp(6) with time zone"),
        passes("changing-column-type", "ALTER TABLE audit_log ALTER COLUMN id TYPE text"),

        flags("adding-foreign-key-constraint", "ALTER TABLE orders ADD FOREIGN KEY (account_id) REFERENCES accounts (id)"),
        passes("adding-foreign-key-constraint", "ALTER TABLE orders ADD FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID"),
        passes("adding-foreign-key-constraint", "ALTER TABLE audit_log ADD FOREIGN KEY (id) REFERENCES accounts (id)"),

        flags("constraint-missing-not-valid", "ALTER TABLE orders ADD CHECK (amount > 0)"),
        passes("constraint-missing-not-valid", "ALTER TABLE orders ADD CHECK (amount > 0) NOT VALID"),
        passes("constraint-missing-not-valid", "ALTER TABLE orders ADD CONSTRAINT u UNIQUE (code)"),
        passes("constraint-missing-not-valid", """
            BEGIN; ALTER TABLE orders ADD CONSTRAINT c CHECK (amount > 0) NOT VALID; COMMIT;
            BEGIN; ALTER TABLE orders VALIDATE CONSTRAINT c; COMMIT;
            """),
        flags("constraint-missing-not-valid", "BEGIN; ALTER TABLE orders ADD CONSTRAINT c CHECK (amount > 0) NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT c; COMMIT;"),
        // Outside a transaction block each statement commits on its own, so VALIDATE runs in a transaction of its own.
        passes("constraint-missing-not-valid", "ALTER TABLE orders ADD CONSTRAINT c CHECK (amount > 0) NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT c"),

        flags("disallowed-unique-constraint", "ALTER TABLE orders ADD UNIQUE (code)"),
        flags("disallowed-unique-constraint", "ALTER TABLE orders ADD COLUMN sku text UNIQUE"),
        passes("disallowed-unique-constraint", "ALTER TABLE orders ADD CONSTRAINT u UNIQUE USING INDEX orders_code_idx"),

        flags("adding-exclusion-constraint", "ALTER TABLE orders ADD EXCLUDE USING gist (account_id WITH =)"),
        flags("unique-on-existing-data", "CREATE UNIQUE INDEX CONCURRENTLY i ON orders (code)"),
        passes("unique-on-existing-data", "CREATE UNIQUE INDEX CONCURRENTLY i ON accounts (email, name)"),
        passes("unique-on-existing-data", "CREATE INDEX CONCURRENTLY i ON orders (code)"),

        flags("require-concurrent-index-creation", "CREATE INDEX i ON orders (code)"),
        flags("require-concurrent-index-creation", "CREATE INDEX i ON audit_log (at)", catalog: false),
        passes("require-concurrent-index-creation", "CREATE INDEX i ON audit_log (at)"),
        passes("require-concurrent-index-creation", "CREATE INDEX CONCURRENTLY i ON orders (code)"),
        flags("require-concurrent-index-deletion", "DROP INDEX orders_account_id_idx"),
        passes("require-concurrent-index-deletion", "DROP INDEX audit_log_at_idx"),
        passes("require-concurrent-index-deletion", "CREATE INDEX CONCURRENTLY i ON orders (code); DROP INDEX i"),
        passes("require-concurrent-index-deletion", "DROP INDEX CONCURRENTLY orders_account_id_idx"),
        flags("require-concurrent-partition-detach", "ALTER TABLE events DETACH PARTITION events_2024"),
        passes("require-concurrent-partition-detach", "ALTER TABLE events DETACH PARTITION events_2024 FINALIZE"),
        flags("require-concurrent-reindex", "REINDEX INDEX orders_pkey"),
        passes("require-concurrent-reindex", "REINDEX INDEX CONCURRENTLY orders_pkey"),
        flags("require-concurrent-refresh", "REFRESH MATERIALIZED VIEW daily_totals"),
        passes("require-concurrent-refresh", "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals"),

        flags("ban-concurrent-index-creation-in-transaction", "BEGIN; DROP INDEX CONCURRENTLY i; COMMIT;"),
        flags("ban-concurrent-index-creation-in-transaction", "BEGIN; REINDEX INDEX CONCURRENTLY i; COMMIT;"),
        passes("ban-concurrent-index-creation-in-transaction", "BEGIN; SELECT 1; COMMIT; CREATE INDEX CONCURRENTLY i ON orders (code);"),
        flags("transaction-nesting", "START TRANSACTION; BEGIN; COMMIT;"),
        passes("transaction-nesting", "BEGIN; COMMIT; BEGIN; COMMIT;"),
        flags("ban-uncommitted-transaction", "SELECT 1; BEGIN; SELECT 2;"),
        passes("ban-uncommitted-transaction", "BEGIN; SELECT 2; ROLLBACK;"),

        flags("require-lock-timeout", "ALTER TABLE orders ALTER COLUMN note SET DEFAULT ''"),
        flags("require-lock-timeout", "SET lock_timeout = 0; ALTER TABLE orders ALTER COLUMN note SET DEFAULT ''"),
        flags("require-lock-timeout", "SET lock_timeout = '1s'; RESET lock_timeout; CREATE TRIGGER t BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION f()"),
        flags("require-lock-timeout", "CREATE TABLE notes (id bigint, order_id bigint REFERENCES orders (id))"),
        flags("require-lock-timeout", "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE"),
        passes("require-lock-timeout", "SET lock_timeout TO '2s'; ALTER TABLE orders ALTER COLUMN note SET DEFAULT ''"),
        passes("require-lock-timeout", "CREATE TABLE t (id bigint); CREATE INDEX i ON t (id); ALTER TABLE t ADD COLUMN x text"),
        passes("require-lock-timeout", "ALTER TYPE account_status ADD VALUE 'x' AFTER 'active'"),
        passes("require-lock-timeout", "INSERT INTO orders (id) VALUES (1)"),
        flags("require-statement-timeout", "SET lock_timeout = '1s'; ALTER TABLE orders ADD COLUMN x text"),
        passes("require-statement-timeout", "SET statement_timeout = '1min'; ALTER TABLE orders ADD COLUMN x text"),

        flags("renaming-column", "ALTER TABLE accounts RENAME COLUMN name TO full_name"),
        passes("renaming-column", "CREATE TABLE t (a text); ALTER TABLE t RENAME COLUMN a TO b"),
        flags("renaming-table", "ALTER TABLE accounts RENAME TO users"),
        flags("renaming-object", "ALTER VIEW account_emails RENAME TO emails"),
        flags("renaming-object", "ALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_pk"),
        flags("renaming-object", "ALTER SEQUENCE ticket_seq RENAME TO tickets_seq"),
        flags("renaming-object", "ALTER TYPE account_status RENAME VALUE 'active' TO 'live'"),
        flags("ban-set-schema", "ALTER TABLE orders SET SCHEMA archive"),
        flags("ban-set-schema", "ALTER TYPE account_status SET SCHEMA archive"),

        flags("ban-drop-column", "ALTER TABLE accounts DROP COLUMN name"),
        passes("ban-drop-column", "CREATE TABLE t (a text, b text); ALTER TABLE t DROP COLUMN b"),
        flags("ban-drop-not-null", "ALTER TABLE accounts ALTER COLUMN nickname DROP NOT NULL"),
        passes("ban-drop-not-null", "ALTER TABLE accounts ALTER COLUMN name DROP NOT NULL"),
        flags("ban-drop-default", "ALTER TABLE orders ALTER COLUMN placed_at DROP DEFAULT"),
        flags("ban-drop-default", "ALTER TABLE orders ALTER COLUMN note DROP DEFAULT", catalog: false),
        passes("ban-drop-default", "ALTER TABLE orders ALTER COLUMN note DROP DEFAULT"),
        passes("ban-drop-default", "ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x'; ALTER TABLE orders ALTER COLUMN note DROP DEFAULT"),
        passes("ban-drop-default", "CREATE TABLE t (a int DEFAULT 1); ALTER TABLE t ALTER COLUMN a DROP DEFAULT"),
        flags("ban-drop-table", "DROP TABLE orders"),
        flags("ban-drop-table", "DROP TABLE IF EXISTS whatever", catalog: false),
        passes("ban-drop-table", "CREATE TABLE tmp (id bigint); DROP TABLE tmp"),
        flags("ban-drop-view", "DROP MATERIALIZED VIEW daily_totals"),
        flags("ban-drop-database", "DROP DATABASE prod"),
        flags("ban-drop-schema", "DROP SCHEMA reporting CASCADE"),
        flags("ban-drop-constraint", "ALTER TABLE orders DROP CONSTRAINT orders_account_id_fkey"),
        passes("ban-drop-constraint", "ALTER TABLE orders ADD CONSTRAINT tmp CHECK (code IS NOT NULL) NOT VALID; ALTER TABLE orders DROP CONSTRAINT tmp"),
        flags("ban-truncate-cascade", "TRUNCATE orders CASCADE"),
        passes("ban-truncate-cascade", "TRUNCATE orders"),
        flags("ban-alter-domain-with-add-constraint", "ALTER DOMAIN positive_amount ADD CHECK (VALUE < 10)"),
        passes("ban-alter-domain-with-add-constraint", "ALTER DOMAIN positive_amount SET DEFAULT 1"),
        flags("ban-create-domain-with-constraint", "CREATE DOMAIN d AS text NOT NULL"),
        passes("ban-create-domain-with-constraint", "CREATE DOMAIN d AS text DEFAULT ''"),

        flags("prefer-bigint-over-int", "CREATE TABLE t (id int PRIMARY KEY)"),
        flags("prefer-bigint-over-int", "ALTER TABLE orders ALTER COLUMN amount TYPE int4"),
        passes("prefer-bigint-over-int", "CREATE TABLE t (id bigint, n int8, f float)"),
        flags("prefer-bigint-over-smallint", "CREATE TABLE t (n int2)"),
        flags("prefer-identity", "CREATE TABLE t (id serial8)"),
        passes("prefer-identity", "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY)"),
        flags("prefer-text-field", "CREATE TABLE t (code character varying(3))"),
        passes("prefer-text-field", "CREATE TABLE t (code varchar, name text)"),
        flags("prefer-timestamp-tz", "CREATE TABLE t (at timestamp(3) without time zone)"),
        passes("prefer-timestamp-tz", "CREATE TABLE t (at timestamptz, d date, t time)"),
        flags("ban-char-field", "CREATE TABLE t (c character)"),
        passes("ban-char-field", "CREATE TABLE t (c character varying(3), b bit(3))"),
        flags("prefer-repack", "ALTER TABLE orders SET TABLESPACE fast"),
        flags("prefer-repack", "VACUUM (FULL) orders"),
        passes("prefer-repack", "VACUUM ANALYZE orders"),
        flags("require-enum-value-ordering", "ALTER TYPE account_status ADD VALUE 'x'"),
        passes("require-enum-value-ordering", "ALTER TYPE account_status ADD VALUE 'x' AFTER 'active'"),
        flags("identifier-too-long", "ALTER TABLE orders ADD COLUMN \(String(repeating: "x", count: 64)) text"),
        passes("identifier-too-long", "ALTER TABLE orders ADD COLUMN \(String(repeating: "x", count: 63)) text"),
        flags("ban-duplicate-column-assignments", "INSERT INTO orders (id, id) VALUES (1, 2)"),
        passes("ban-duplicate-column-assignments", "UPDATE orders SET note = 'a', code = 'b'"),
        flags("prefer-robust-stmts", "DROP INDEX CONCURRENTLY orders_account_id_idx"),
        flags("prefer-robust-stmts", "ALTER TABLE orders RENAME COLUMN note TO notes"),
        passes("prefer-robust-stmts", "BEGIN; ALTER TABLE orders RENAME COLUMN note TO notes; COMMIT;"),
        passes("prefer-robust-stmts", "ALTER TABLE orders ALTER COLUMN note SET NOT NULL, ALTER COLUMN note SET DEFAULT ''"),
        flags("syntax-error", "ALTER TABLE orders ADD COLUMN;"),
        flags("syntax-error", "CREATE TABL x (id int)"),
        flags("syntax-error", "ALTER TABL orders ADD COLUMN x int"),
        flags("syntax-error", "USE WAREHOUSE compute_wh"),
        passes("syntax-error", "CREATE SEQUENCE s; ALTER SEQUENCE s RESTART; CREATE EXTENSION IF NOT EXISTS pg_trgm; GRANT SELECT ON orders TO app"),
        passes("syntax-error", "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; CREATE TEXT SEARCH CONFIGURATION c (COPY = simple)"),
        passes("syntax-error", "SELECT 1"),
    ]

    @Test(arguments: cases)
    func rule(_ testCase: Case) {
        let findings = LintFixtures.lint(testCase.sql, catalog: testCase.withCatalog ? LintFixtures.catalog : nil)
        let fired = findings.contains { $0.rule == testCase.rule }
        #expect(fired == testCase.fires, "\(findings.map { "\($0.rule): \($0.message)" }.joined(separator: "\n"))")
    }

    @Test("every rule has at least one unsafe case here or in the corpus")
    func rulesHaveCases() {
        let covered = Set(Self.cases.filter(\.fires).map(\.rule))
        let corpus = Set(LintCorpusTests.files.flatMap { name -> [String] in
            let text = (try? String(contentsOf: LintFixtures.corpusDirectory.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return LintCorpusTests.expected(text) ?? []
        })
        let missing = Set(Linter.rules.map(\.id)).subtracting(covered).subtracting(corpus).subtracting(["require-table-schema", "unused-ignore"])
        #expect(missing.isEmpty, "\(missing.sorted())")
    }
}
