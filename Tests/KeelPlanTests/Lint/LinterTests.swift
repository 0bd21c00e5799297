import Foundation
import KeelCore
import KeelPlan
import Testing

/// The linter as a whole: positions, messages, transactions, suppression, configuration, bad input.
@Suite("Linter")
struct LinterTests {
    @Test("findings name the object and point at file:line:column")
    func findingsHavePositions() throws {
        let sql = "SET lock_timeout = '1s';\nSET statement_timeout = '5s';\nBEGIN;\nALTER TABLE orders\n  ADD COLUMN region text NOT NULL;\nCOMMIT;\n"
        let finding = try #require(LintFixtures.lint(sql).first { $0.rule == "adding-required-field" })
        #expect(finding.severity == .error)
        #expect(finding.file == "m.sql")
        #expect(finding.line == 5 && finding.column == 14)
        #expect(finding.endLine == 5 && finding.endColumn == 34)
        #expect(finding.statement == 3)
        #expect(finding.object == "public.orders.region")
        #expect(finding.message.contains("public.orders.region") && finding.message.contains("10,000,000 rows"))
        #expect(finding.location == "m.sql:5:14")
        #expect(!finding.advice.isEmpty)
    }

    @Test("unparseable SQL is an error finding with a position, and other statements are still linted")
    func syntaxErrorsAreFindings() throws {
        let sql = "SELECT 1;\nALTER TABLE orders ADD COLUMN;\nDROP TABLE orders;\nCREATE TABL x (;\n"
        let findings = LintFixtures.lint(sql)
        let syntax = findings.filter { $0.rule == "syntax-error" }
        #expect(syntax.count == 2)
        #expect(syntax.first?.line == 2)
        #expect(syntax.last?.line == 4)
        #expect(findings.contains { $0.rule == "ban-drop-table" && $0.line == 3 })
    }

    @Test("hostile input never crashes", arguments: ["", ";;;", "/* unterminated", "'", "$$", "ALTER", "\u{0}", String(repeating: "(", count: 5000),
                                                     "CREATE TABLE \"a\"\"; DROP TABLE x; --\" (id int)", "-- keel-ignore\n", "BEGIN"])
    func hostileInput(_ sql: String) {
        let findings = LintFixtures.lint(sql)
        for finding in findings { #expect(finding.line >= 1 && finding.column >= 1) }
    }

    @Test("without a catalog, type changes that might not rewrite are warnings")
    func noCatalogTypeChangeIsWarning() throws {
        let finding = try #require(LintFixtures.lint("ALTER TABLE accounts ALTER COLUMN email TYPE varchar(100)", catalog: nil)
            .first { $0.rule == "changing-column-type" })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("--catalog"))
    }

    @Test("a volatile default from the catalog names the function")
    func volatileDefaultNamesFunction() throws {
        let finding = try #require(LintFixtures.lint("ALTER TABLE orders ADD COLUMN t bigint DEFAULT next_ticket()")
            .first { $0.rule == "adding-field-with-default" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("next_ticket is VOLATILE"))
        let unknown = try #require(LintFixtures.lint("ALTER TABLE orders ADD COLUMN t bigint DEFAULT mystery()")
            .first { $0.rule == "adding-field-with-default" })
        #expect(unknown.severity == .warning)
        #expect(unknown.message.contains("mystery"))
    }

    @Test("--assume-in-transaction: CONCURRENTLY fails, BEGIN nests, COMMIT ends the tool's transaction")
    func assumeInTransaction() {
        let concurrent = LintFixtures.lint("CREATE INDEX CONCURRENTLY i ON orders (code)", assumeInTransaction: true)
        #expect(concurrent.contains { $0.rule == "ban-concurrent-index-creation-in-transaction" })
        #expect(!LintFixtures.lint("CREATE INDEX CONCURRENTLY i ON orders (code)").contains { $0.rule == "ban-concurrent-index-creation-in-transaction" })
        let nested = LintFixtures.rules(LintFixtures.lint("BEGIN; SELECT 1; COMMIT;", assumeInTransaction: true))
        #expect(nested == ["transaction-nesting"])
        let commit = LintFixtures.lint("SELECT 1; COMMIT;", assumeInTransaction: true)
        #expect(commit.contains { $0.rule == "transaction-nesting" && $0.message.contains("ends the migration tool's transaction") })
        // Inside the assumed transaction, rerunnability is not a concern.
        #expect(!LintFixtures.lint("CREATE TABLE t (id bigint)", assumeInTransaction: true).contains { $0.rule == "prefer-robust-stmts" })
        // NOT VALID then VALIDATE: fine when each statement commits, not inside the tool's transaction.
        let validate = "ALTER TABLE orders ADD CONSTRAINT c CHECK (amount > 0) NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT c"
        #expect(LintFixtures.lint(validate, assumeInTransaction: true).contains { $0.rule == "constraint-missing-not-valid" && $0.column > 60 })
        #expect(!LintFixtures.lint(validate).contains { $0.rule == "constraint-missing-not-valid" })
        // SET LOCAL works inside the assumed transaction.
        let local = LintFixtures.lint("SET LOCAL lock_timeout = '1s'; ALTER TABLE orders ADD COLUMN x text", assumeInTransaction: true)
        #expect(!local.contains { $0.rule == "require-lock-timeout" })
    }

    @Test("file-level timeout rules report once, at the first lock-taking statement")
    func timeoutRulesReportOnce() throws {
        let sql = "SELECT 1;\nALTER TABLE orders ADD COLUMN x text;\nALTER TABLE orders ADD COLUMN y text;\n"
        let findings = LintFixtures.lint(sql).filter { $0.rule == "require-lock-timeout" }
        #expect(findings.count == 1)
        #expect(findings.first?.line == 2)
    }

    @Test("a table renamed after being created in the file stays exempt")
    func renamedNewTableStaysExempt() {
        let sql = "CREATE TABLE a (id bigint); ALTER TABLE a RENAME TO b; ALTER TABLE b ADD COLUMN x bigint NOT NULL;"
        #expect(!LintFixtures.lint(sql).contains { $0.rule == "adding-required-field" })
    }

    @Test("schema-qualified and search_path names resolve against the catalog")
    func nameResolution() {
        #expect(!LintFixtures.lint("ALTER TABLE public.accounts ALTER COLUMN email SET NOT NULL").contains { $0.rule == "adding-not-nullable-field" })
        #expect(LintFixtures.lint("ALTER TABLE other.accounts ALTER COLUMN email SET NOT NULL").contains { $0.rule == "adding-not-nullable-field" })
        let config = LintConfiguration(searchPath: ["app", "public"])
        #expect(!LintFixtures.lint("ALTER TABLE accounts ALTER COLUMN email SET NOT NULL", configuration: config)
            .contains { $0.rule == "adding-not-nullable-field" })
    }

    @Test("the report is deterministic and sorted by position")
    func deterministic() {
        let text = "DROP TABLE orders; ALTER TABLE accounts RENAME COLUMN name TO n; CREATE INDEX i ON orders (code);"
        let one = Linter(catalog: LintFixtures.catalog).lint([LintSource(path: "a.sql", text: text), LintSource(path: "b.sql", text: text)])
        let two = Linter(catalog: LintFixtures.catalog).lint([LintSource(path: "a.sql", text: text), LintSource(path: "b.sql", text: text)])
        #expect(one == two)
        let positions = one.findings.filter { $0.file == "a.sql" }.map { [$0.line, $0.column] }
        #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(one.files.map(\.path) == ["a.sql", "b.sql"])
        #expect(one.findings.count == 2 * one.findings.filter { $0.file == "a.sql" }.count)
    }
}

/// `-- keel-ignore` and `-- keel-ignore-file` comments.
@Suite("Lint suppression")
struct LintSuppressionTests {
    @Test("keel-ignore silences the next statement only")
    func nextStatement() {
        let sql = """
            -- keel-ignore ban-drop-column
            ALTER TABLE accounts DROP COLUMN name;
            ALTER TABLE accounts DROP COLUMN status;
            """
        let drops = LintFixtures.lint(sql).filter { $0.rule == "ban-drop-column" }
        #expect(drops.map(\.line) == [3])
    }

    @Test("a trailing keel-ignore on the statement's last line applies to that statement")
    func trailing() {
        let sql = "ALTER TABLE accounts DROP COLUMN name; -- keel-ignore ban-drop-column\nALTER TABLE accounts DROP COLUMN status;\n"
        #expect(LintFixtures.lint(sql).filter { $0.rule == "ban-drop-column" }.map(\.line) == [2])
    }

    @Test("several ids, a reason after them, block comments, and no ids at all")
    func forms() {
        let several = "-- keel-ignore ban-drop-column, require-lock-timeout -- contract step\nALTER TABLE accounts DROP COLUMN name;"
        #expect(!LintFixtures.lint(several).contains { $0.rule == "ban-drop-column" || $0.rule == "require-lock-timeout" })
        let block = "/* keel-ignore ban-drop-table */ DROP TABLE orders;"
        #expect(!LintFixtures.lint(block).contains { $0.rule == "ban-drop-table" })
        let all = "-- keel-ignore\nDROP TABLE orders;"
        #expect(LintFixtures.lint(all).isEmpty)
    }

    @Test("keel-ignore-file silences a rule everywhere in the file")
    func wholeFile() {
        let sql = "DROP TABLE orders;\nDROP TABLE accounts;\n-- keel-ignore-file ban-drop-table, prefer-robust-stmts\n"
        let rules = LintFixtures.rules(LintFixtures.lint(sql))
        #expect(!rules.contains("ban-drop-table"))
        #expect(!rules.contains("prefer-robust-stmts"))
        #expect(rules.contains("require-lock-timeout"))
    }

    @Test("an alias works in comments")
    func alias() {
        let sql = "-- keel-ignore prefer-timestamptz\nCREATE TABLE t (at timestamp);"
        #expect(!LintFixtures.lint(sql).contains { $0.rule == "prefer-timestamp-tz" })
    }

    @Test("a keel-ignore that silences nothing, or names no rule, is reported")
    func unused() {
        let stale = LintFixtures.lint("-- keel-ignore ban-drop-table\nSELECT 1;")
        #expect(stale.contains { $0.rule == "unused-ignore" && $0.line == 1 })
        let typo = LintFixtures.lint("-- keel-ignore ban-drop-tabel\nDROP TABLE orders;")
        #expect(typo.contains { $0.rule == "unused-ignore" && $0.message.contains("ban-drop-tabel") })
        #expect(typo.contains { $0.rule == "ban-drop-table" })
        let silenced = LintFixtures.lint("-- keel-ignore-file unused-ignore\n-- keel-ignore ban-drop-table\nSELECT 1;")
        #expect(!silenced.contains { $0.rule == "unused-ignore" })
    }

    @Test("ordinary comments and strings that look like directives do nothing")
    func lookalikes() {
        let sql = "-- keel-ignored ban-drop-table\nDROP TABLE orders;\nSELECT '-- keel-ignore ban-drop-table';\nDROP TABLE accounts;"
        #expect(LintFixtures.lint(sql).filter { $0.rule == "ban-drop-table" }.count == 2)
    }
}

/// The `lint:` section of keel.yaml.
@Suite("Lint configuration")
struct LintConfigurationTests {
    @Test("ignore, per-rule severity, off, opt-in rules and search_path")
    func parses() throws {
        let yaml = """
            version: 1
            environments: {prod: {url: "postgres://db/prod"}}
            lint:
              ignore: [prefer-robust-stmts]
              severity:
                ban-drop-column: warning
                require-table-schema: error
                prefer-timestamptz: off
              search_path: [app, public]
            """
        let config = try LintConfiguration.parse(yaml, path: "keel.yaml")
        #expect(config.ignore == ["prefer-robust-stmts"])
        #expect(config.searchPath == ["app", "public"])
        let sql = "CREATE TABLE t (at timestamp); ALTER TABLE accounts DROP COLUMN name;"
        let findings = LintFixtures.lint(sql, configuration: config)
        #expect(findings.first { $0.rule == "ban-drop-column" }?.severity == .warning)
        #expect(findings.first { $0.rule == "require-table-schema" }?.severity == .error)
        #expect(!findings.contains { $0.rule == "prefer-timestamp-tz" || $0.rule == "prefer-robust-stmts" })
        #expect(!LintFixtures.lint(sql).contains { $0.rule == "require-table-schema" })
    }

    @Test("no lint section, or an empty file, gives the defaults")
    func defaults() throws {
        #expect(try LintConfiguration.parse("version: 1\n", path: "keel.yaml") == .default)
        #expect(try LintConfiguration.parse("", path: "keel.yaml") == .default)
        #expect(try LintConfiguration.parse("lint:\n", path: "keel.yaml") == .default)
    }

    @Test("bad configuration is a thrown error with a code and a line", arguments: [
        ("lint:\n  ignore: [no-such-rule]\n", "lint.unknown-rule", 2),
        ("lint:\n  severity:\n    ban-drop-table: loud\n", "lint.config-invalid", 3),
        ("lint:\n  colour: red\n", "lint.config-invalid", 2),
        ("lint: [a, b]\n", "lint.config-invalid", 1),
        ("lint:\n  ignore: {a: b}\n", "lint.config-invalid", 2),
        ("lint: {ignore: [a\n", "lint.config-syntax", 2),
    ])
    func badConfiguration(_ input: (String, String, Int)) {
        do {
            _ = try LintConfiguration.parse(input.0, path: "keel.yaml")
            Issue.record("expected \(input.1)")
        } catch {
            #expect(error.code == input.1)
            if case .configSyntax = error { return }
            #expect(error.message.hasPrefix("keel.yaml:\(input.2):"), "\(error.message)")
        }
    }

    @Test("an unreadable keel.yaml is an error")
    func unreadable() {
        #expect(throws: LintError.self) { try LintConfiguration.load(path: "/nonexistent/keel.yaml") }
    }
}
