import Foundation
import KeelCore
import KeelPlan
import Testing

/// The three output formats: text, JSON (lint-report artifact) and SARIF 2.1.0.
@Suite("Lint report formats")
struct LintReportTests {
    static let report: LintReport = Linter(catalog: LintFixtures.catalog).lint([
        LintSource(path: "migrations/0001 add.sql", text: "SET lock_timeout='1s';\nSET statement_timeout='1s';\nBEGIN;\nALTER TABLE orders ADD COLUMN x text NOT NULL;\nCREATE TABLE t (at timestamp);\nCOMMIT;\n"),
        LintSource(path: "/abs/0002.sql", text: "ALTER TYPE account_status ADD VALUE 'x';\n"),
    ])

    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("text: one block per finding with file:line:column, severity, rule and fix, then a summary")
    func text() {
        let text = Self.report.renderText()
        #expect(text.contains("migrations/0001 add.sql:4:31: error [adding-required-field] adding NOT NULL column public.orders.x"))
        #expect(text.contains("  fix: "))
        #expect(text.hasSuffix("1 error, 1 warning, 1 info in 2 files (7 statements)\n"))
        #expect(Self.report.hasErrors)
        #expect(Self.report.exitStatus == .findings)
    }

    @Test("json: a versioned lint-report artifact that round-trips")
    func json() throws {
        let data = try CanonicalJSON.encode(Self.report)
        let root = try object(data)
        #expect(root["kind"] as? String == "lint-report")
        #expect(root["formatVersion"] as? Int == 1)
        let findings = try #require(root["findings"] as? [[String: Any]])
        let first = try #require(findings.first)
        for key in ["rule", "severity", "message", "advice", "file", "line", "column", "endLine", "endColumn", "statement", "object"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect((root["summary"] as? [String: Int])?["errors"] == 1)
        #expect(try LintReport.decode(data, path: "r.json") == Self.report)
    }

    @Test("sarif: 2.1.0 with rule metadata, levels, and locations GitHub code scanning accepts")
    func sarif() throws {
        let root = try object(try Self.report.sarif(toolVersion: "0.1.0"))
        #expect(root["version"] as? String == "2.1.0")
        #expect((root["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "keel")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count == Linter.rules.count)
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        for rule in rules {
            #expect((rule["shortDescription"] as? [String: Any])?["text"] is String)
            #expect((rule["help"] as? [String: Any])?["text"] is String)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["error", "warning", "note"].contains(level ?? ""))
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == Self.report.findings.count)
        for result in results {
            let id = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ids[index] == id)
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect((result["message"] as? [String: Any])?["text"] is String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((location["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(uri == "migrations/0001%20add.sql" || uri == "file:///abs/0002.sql")
            let region = try #require(location["region"] as? [String: Int])
            #expect((region["startLine"] ?? 0) >= 1 && (region["startColumn"] ?? 0) >= 1)
            #expect((region["endLine"] ?? 0) >= (region["startLine"] ?? 0))
        }
    }

    @Test("rule metadata: stable kebab-case ids, advice, and Squawk's names where equivalent")
    func ruleMetadata() {
        for rule in Linter.rules {
            #expect(rule.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(rule.id)")
            #expect(!rule.summary.isEmpty && !rule.advice.isEmpty)
            for peer in rule.peers where peer.hasPrefix("squawk:") && peer != "squawk:prefer-timestamptz" {
                #expect(peer == "squawk:" + rule.id, "\(rule.id) covers \(peer) under another name")
            }
        }
    }
}
