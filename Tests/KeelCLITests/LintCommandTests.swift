import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel lint`: exit statuses, formats, configuration, bad input, and `--db` on a real PostgreSQL.
@Suite struct LintCommandTests {
    /// A scratch directory with the given files.
    static func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keel-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, content) in files {
            try Data(content.utf8).write(to: url.appendingPathComponent(name))
        }
        return url
    }

    static let timeouts = "SET lock_timeout = '1s';\nSET statement_timeout = '10s';\n"
    static let unsafe = timeouts + "BEGIN;\nALTER TABLE orders ADD COLUMN region text NOT NULL;\nCOMMIT;\n"
    static let warningOnly = timeouts + "BEGIN;\nALTER TABLE orders ALTER COLUMN note DROP NOT NULL;\nCOMMIT;\n"
    static let clean = timeouts + "BEGIN;\nALTER TABLE orders ADD COLUMN IF NOT EXISTS region text;\nCOMMIT;\n"

    /// The lint corpus folder of KeelPlanTests.
    static var corpusDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KeelPlanTests/Fixtures/lint")
    }

    /// The corpus catalog (the KeelPlanTests golden file).
    static var catalogPath: String { corpusDirectory.appendingPathComponent("catalog.json").path }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func helpHasExamples() async throws {
        let result = try await KeelBinary.run(["lint", "--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Examples:"))
        #expect(result.standardOutput.contains("--assume-in-transaction"))
    }

    @Test("exit 1 while an error-level finding remains, 0 for warnings only or nothing")
    func exitStatuses() async throws {
        let dir = try Self.directory(["bad.sql": Self.unsafe, "warn.sql": Self.warningOnly, "ok.sql": Self.clean])
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try await KeelBinary.run(["lint", "bad.sql"], workingDirectory: dir.path)
        #expect(bad.exitCode == 1, "\(bad.standardError)")
        #expect(bad.standardOutput.contains("bad.sql:4:31: error [adding-required-field]"))
        #expect(bad.standardOutput.contains("fix: "))
        let warn = try await KeelBinary.run(["lint", "warn.sql"], workingDirectory: dir.path)
        #expect(warn.exitCode == 0)
        #expect(warn.standardOutput.contains("warning [ban-drop-not-null]"))
        let ok = try await KeelBinary.run(["lint", "ok.sql", "warn.sql"], workingDirectory: dir.path)
        #expect(ok.exitCode == 0)
        let both = try await KeelBinary.run(["lint", "ok.sql", "bad.sql"], workingDirectory: dir.path)
        #expect(both.exitCode == 1)
    }

    @Test("--catalog makes rules catalog-aware: varchar widening passes, narrowing fails")
    func catalogAware() async throws {
        let widen = Self.timeouts + "BEGIN;\nALTER TABLE accounts ALTER COLUMN email TYPE varchar(100);\nCOMMIT;\n"
        let narrow = Self.timeouts + "BEGIN;\nALTER TABLE accounts ALTER COLUMN email TYPE varchar(10);\nCOMMIT;\n"
        let dir = try Self.directory(["widen.sql": widen, "narrow.sql": narrow])
        defer { try? FileManager.default.removeItem(at: dir) }
        let widened = try await KeelBinary.run(["lint", "widen.sql", "--catalog", Self.catalogPath, "--format", "json"], workingDirectory: dir.path)
        #expect(widened.exitCode == 0, "\(widened.standardOutput)\(widened.standardError)")
        let report = try json(widened.standardOutput)
        #expect((report["catalog"] as? String)?.hasPrefix("sha256:") == true)
        let rules = (report["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        #expect(!rules.contains("changing-column-type"))
        let narrowed = try await KeelBinary.run(["lint", "narrow.sql", "--catalog", Self.catalogPath], workingDirectory: dir.path)
        #expect(narrowed.exitCode == 1)
        #expect(narrowed.standardOutput.contains("[changing-column-type]"))
        #expect(narrowed.standardOutput.contains("character varying(50) → character varying(10)"))
    }

    @Test("json and sarif formats on stdout")
    func formats() async throws {
        let dir = try Self.directory(["bad.sql": Self.unsafe])
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = try await KeelBinary.run(["lint", "bad.sql", "--format", "json"], workingDirectory: dir.path)
        #expect(json.exitCode == 1)
        let report = try self.json(json.standardOutput)
        #expect(report["kind"] as? String == "lint-report")
        let finding = try #require((report["findings"] as? [[String: Any]])?.first)
        #expect(finding["rule"] as? String == "adding-required-field")
        #expect(finding["file"] as? String == "bad.sql")
        #expect(finding["line"] as? Int == 4)
        #expect(finding["column"] as? Int == 31)
        let sarif = try await KeelBinary.run(["lint", "bad.sql", "--format", "sarif"], workingDirectory: dir.path)
        #expect(sarif.exitCode == 1)
        let log = try self.json(sarif.standardOutput)
        #expect(log["version"] as? String == "2.1.0")
        let results = (log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]
        #expect(results?.first?["ruleId"] as? String == "adding-required-field")
    }

    @Test("standard input, --assume-in-transaction and keel.yaml from the current directory")
    func stdinTransactionAndConfig() async throws {
        let dir = try Self.directory([
            "idx.sql": Self.timeouts + "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON orders (note);\n",
            "keel.yaml": "version: 1\nlint:\n  severity:\n    adding-required-field: warning\n",
            "strict.yaml": "lint:\n  severity:\n    ban-drop-not-null: error\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let assumed = try await KeelBinary.run(["lint", "idx.sql", "--assume-in-transaction"], workingDirectory: dir.path)
        #expect(assumed.exitCode == 1)
        #expect(assumed.standardOutput.contains("[ban-concurrent-index-creation-in-transaction]"))
        let plain = try await KeelBinary.run(["lint", "idx.sql"], workingDirectory: dir.path)
        #expect(plain.exitCode == 0)
        try Data(Self.unsafe.utf8).write(to: dir.appendingPathComponent("bad.sql"))
        let relaxed = try await KeelBinary.run(["lint", "bad.sql"], workingDirectory: dir.path)
        #expect(relaxed.exitCode == 0, "keel.yaml turned the rule into a warning: \(relaxed.standardOutput)")
        #expect(relaxed.standardOutput.contains("warning [adding-required-field]"))
        try Data(Self.warningOnly.utf8).write(to: dir.appendingPathComponent("warn.sql"))
        let strict = try await KeelBinary.run(["lint", "warn.sql", "--config", "strict.yaml"], workingDirectory: dir.path)
        #expect(strict.exitCode == 1)
        let piped = try await KeelBinary.run(["lint", "-"], workingDirectory: dir.path)
        #expect(piped.exitCode == 0)
    }

    @Test("unparseable SQL is a finding with a position, not a crash")
    func unparseable() async throws {
        let dir = try Self.directory(["broken.sql": "SELECT 1;\nALTER TABLE orders ADD COLUMN;\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lint", "broken.sql"], workingDirectory: dir.path)
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("broken.sql:2:"))
        #expect(result.standardOutput.contains("[syntax-error]"))
    }

    @Test("bad input exits 2 with a code", arguments: [
        (["lint"], "give at least one SQL file"),
        (["lint", "missing.sql"], "cannot read missing.sql"),
        (["lint", "ok.sql", "--catalog", "nope.json"], "cannot read"),
        (["lint", "ok.sql", "--catalog", "notjson.json"], "not a valid catalog artifact"),
        (["lint", "ok.sql", "--catalog", "lineage.json"], "holds a lineage artifact"),
        (["lint", "ok.sql", "--format", "xml"], "xml"),
        (["lint", "ok.sql", "--config", "bad.yaml"], "no lint rule is called"),
        (["lint", "ok.sql", "--catalog", "x.json", "--db", "postgres://localhost/x"], "either --catalog or --db"),
        (["lint", "."], "directory"),
    ])
    func badInput(_ input: ([String], String)) async throws {
        let dir = try Self.directory([
            "ok.sql": Self.clean, "notjson.json": "{ nope", "bad.yaml": "lint:\n  ignore: [not-a-rule]\n",
            "lineage.json": #"{"formatVersion": 1, "kind": "lineage"}"#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(input.0, workingDirectory: dir.path)
        #expect(result.exitCode == 2, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardError.contains(input.1), "\(result.standardError)")
    }

    @Test("a malformed keel.yaml in the current directory is an error, exit 2")
    func malformedLocalConfig() async throws {
        let dir = try Self.directory(["ok.sql": Self.clean, "keel.yaml": "lint: {ignore: [a\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lint", "ok.sql"], workingDirectory: dir.path)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("keel.yaml"))
    }
}

/// `keel lint --db` against a real PostgreSQL: discovery feeds the rules.
@Suite(.postgres, .tags(.postgres)) struct LintCommandDatabaseTests {
    @Test("a validated CHECK (col IS NOT NULL) in the live database makes SET NOT NULL pass; an unvalidated one does not")
    func validatedCheckFromDatabase() async throws {
        let db = try #require(TestDatabase.current)
        try await db.execute(
            "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, phone text, name varchar(50))",
            "INSERT INTO accounts SELECT g, 'u' || g || '@x', NULL, 'n' FROM generate_series(1, 500) g",
            "ALTER TABLE accounts ADD CONSTRAINT accounts_email_not_null CHECK (email IS NOT NULL) NOT VALID",
            "ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_not_null",
            "ALTER TABLE accounts ADD CONSTRAINT accounts_phone_not_null CHECK (phone IS NOT NULL) NOT VALID",
            "CREATE TABLE empty_audit (id bigint, payload jsonb)",
            "ANALYZE accounts", "ANALYZE empty_audit",
            "CREATE FUNCTION stable_region() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'eu' $$")
        let sql = """
            SET lock_timeout = '1s';
            SET statement_timeout = '10s';
            BEGIN;
            ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
            ALTER TABLE accounts ALTER COLUMN phone SET NOT NULL;
            ALTER TABLE accounts ALTER COLUMN name TYPE varchar(80);
            ALTER TABLE accounts ADD COLUMN region text DEFAULT stable_region();
            ALTER TABLE empty_audit ADD COLUMN at timestamptz NOT NULL;
            COMMIT;
            """
        let dir = try LintCommandTests.directory(["m.sql": sql])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lint", "m.sql", "--db", db.config.redactedURL, "--format", "json"], workingDirectory: dir.path)
        #expect(result.exitCode == 1, "\(result.standardError)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(root["findings"] as? [[String: Any]])
        // Errors and warnings: only the SET NOT NULL without a validated CHECK. The varchar widening
        // (catalog-only), the STABLE default and the empty table pass; the widened varchar(80) keeps
        // prefer-text-field's info-level advice.
        let flagged = findings.filter { $0["severity"] as? String != "info" }.map { "\($0["rule"] as? String ?? "") \($0["line"] as? Int ?? 0)" }
        #expect(flagged == ["adding-not-nullable-field 5"], "\(findings)")
        let advice = findings.filter { $0["severity"] as? String == "info" }.map { "\($0["rule"] as? String ?? "") \($0["line"] as? Int ?? 0)" }
        #expect(advice == ["prefer-text-field 6"], "\(findings)")
        #expect((root["catalog"] as? String)?.hasPrefix("sha256:") == true)
    }

    @Test("an unreachable database exits 2")
    func unreachable() async throws {
        let db = try #require(TestDatabase.current)
        let dir = try LintCommandTests.directory(["m.sql": "SELECT 1;"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lint", "m.sql", "--db", db.cluster.connectionConfig(database: "no_such_db").redactedURL],
                                              workingDirectory: dir.path)
        #expect(result.exitCode == 2)
    }
}

/// The corpus catalog against real discovery: `keel discover --dump` loads
/// `Fixtures/lint/database/schema.sql` into a throwaway PostgreSQL and reads its catalog.
@Suite(.tags(.postgres)) struct LintCorpusCatalogDiscoveryTests {
    /// What the lint rules read from a catalog, one line per fact, sorted: statistics, definitions
    /// text and the discovery time are left out (catalog.json has production-sized statistics).
    static func shape(_ catalog: Catalog) -> [String] {
        var lines: [String] = []
        for table in catalog.tables {
            let name = table.qualifiedName.display
            lines.append("table \(name) \(table.kind) parent=\(table.partitionOf?.parent.display ?? "-") partitioned=\(table.partitionKey ?? "-")")
            lines.append("table \(name) empty=\(table.stats?.rowEstimate == 0)")
            for column in table.columns {
                lines.append("column \(name).\(column.name.display) #\(column.position) \(column.type) \(column.nullable ? "NULL" : "NOT NULL") \(column.typeKind) default=\(column.default.map { "\($0.expression) \($0.volatility)" } ?? "-")")
            }
            for constraint in table.constraints {
                lines.append("constraint \(name).\(constraint.name.display) \(constraint.kind) validated=\(constraint.validated) columns=\(constraint.columns.map(\.display)) check=\(constraint.checkExpression ?? "-") references=\(constraint.foreignKey?.referencedTable.display ?? "-")")
            }
            for index in table.indexes {
                lines.append("index \(name).\(index.name.display) \(index.method) unique=\(index.unique) primary=\(index.primary) valid=\(index.valid) keys=\(index.keys.map(\.display)) constraint=\(index.constraint?.display ?? "-")")
            }
        }
        for view in catalog.views {
            lines.append("view \(view.qualifiedName.display) materialized=\(view.materialized) columns=\(view.columns.map { "\($0.name.display) \($0.type)" })")
        }
        for function in catalog.functions {
            lines.append("function \(function.schema.display).\(function.name.display)(\(function.arguments)) \(function.returns) \(function.language) \(function.volatility)")
        }
        for type in catalog.enums { lines.append("enum \(type.schema.display).\(type.name.display) \(type.labels)") }
        for domain in catalog.domains {
            lines.append("domain \(domain.schema.display).\(domain.name.display) \(domain.baseType) \(domain.constraints.map { "\($0.name.display) \($0.definition) \($0.validated)" })")
        }
        // The server's TimeZone spelling varies (UTC, Etc/UTC); the rules only ask whether it is UTC.
        let zone = catalog.source?.settings["TimeZone"] ?? "-"
        lines.append("server \(catalog.source?.majorVersion ?? 0) TimeZone=\(["UTC", "Etc/UTC"].contains(zone) ? "UTC" : zone)")
        return lines.sorted()
    }

    /// `rule file:line:column severity` for each finding of a JSON lint report.
    static func findings(_ output: String) throws -> [String] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let findings = try #require(root["findings"] as? [[String: Any]])
        return findings.map { finding in
            "\(finding["rule"] as? String ?? "?") \(finding["file"] as? String ?? "?"):\(finding["line"] as? Int ?? 0):\(finding["column"] as? Int ?? 0) \(finding["severity"] as? String ?? "?")"
        }.sorted()
    }

    @Test("catalog.json has the structure real discovery finds, and the corpus lints the same with either catalog")
    func corpusCatalogMatchesDiscovery() async throws {
        let dir = try LintCommandTests.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = LintCommandTests.corpusDirectory
        let discovered = dir.appendingPathComponent("discovered.json").path
        let discover = try await KeelBinary.run(["discover", "--dump", corpus.appendingPathComponent("database/schema.sql").path,
                                                 "--out", discovered])
        try #require(discover.exitCode == 0, "keel discover --dump failed: \(discover.standardError)")
        let real = try Catalog.read(from: URL(fileURLWithPath: discovered))
        let golden = try Catalog.read(from: URL(fileURLWithPath: LintCommandTests.catalogPath))
        let realShape = Self.shape(real)
        let goldenShape = Self.shape(golden)
        #expect(realShape == goldenShape, """
            catalog.json differs from what discovery finds for database/schema.sql; fix LintFixtures.catalog or the schema:
            only in discovery:
            \(realShape.filter { !goldenShape.contains($0) }.joined(separator: "\n"))
            only in catalog.json:
            \(goldenShape.filter { !realShape.contains($0) }.joined(separator: "\n"))
            """)

        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".sql")  }.sorted()
        #expect(files.count >= 60)
        let withGolden = try await KeelBinary.run(["lint", "--catalog", LintCommandTests.catalogPath, "--format", "json"] + files,
                                                  workingDirectory: corpus.path)
        let withReal = try await KeelBinary.run(["lint", "--catalog", discovered, "--format", "json"] + files, workingDirectory: corpus.path)
        #expect(withGolden.exitCode == 1 && withReal.exitCode == 1, "\(withGolden.standardError)\(withReal.standardError)")
        let goldenFindings = try Self.findings(withGolden.standardOutput)
        let realFindings = try Self.findings(withReal.standardOutput)
        #expect(goldenFindings.count > 60)
        #expect(realFindings == goldenFindings, """
            only with the discovered catalog: \(realFindings.filter { !goldenFindings.contains($0) })
            only with catalog.json: \(goldenFindings.filter { !realFindings.contains($0) })
            """)
    }
}
