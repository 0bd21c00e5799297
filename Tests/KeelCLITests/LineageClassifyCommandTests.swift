import Foundation
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel lineage classify`: categories, exit statuses, --json, --lineage.
@Suite(.tags(.postgres)) struct LineageClassifyCommandTests {
    static let old = "select id as invoice_id, customer_id, amount, status from public.invoices"

    func run(_ new: String, _ extra: [String] = []) async throws -> (ProgramResult, [String: Any]) {
        let dir = try BillingWorkspace.scratch(["old.sql": Self.old, "stg_invoices.sql": new])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lineage", "classify", "--old", "old.sql", "--new", "stg_invoices.sql", "--json"] + extra,
                                              workingDirectory: dir.path)
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] ?? [:]
        return (result, json)
    }

    @Test("non_breaking exits 0; partial_breaking, breaking and unknown exit 1")
    func categories() async throws {
        let (added, addedJSON) = try await run(Self.old.replacingOccurrences(of: "status from", with: "status, 1 as v from"))
        #expect(added.exitCode == 0)
        #expect(addedJSON["category"] as? String == "non_breaking")
        #expect(addedJSON["columns"] as? [String: String] == ["v": "added"])
        let (modified, modifiedJSON) = try await run(Self.old.replacingOccurrences(of: "amount,", with: "amount * 2 as amount,"))
        #expect(modified.exitCode == 1)
        #expect(modifiedJSON["category"] as? String == "partial_breaking")
        #expect(modifiedJSON["columns"] as? [String: String] == ["amount": "modified"])
        let (filtered, filteredJSON) = try await run(Self.old + " where status <> 'void'")
        #expect(filtered.exitCode == 1)
        #expect(filteredJSON["category"] as? String == "breaking")
        let (garbage, garbageJSON) = try await run("select from where")
        #expect(garbage.exitCode == 1)
        #expect(garbageJSON["category"] as? String == "unknown")
    }

    @Test("with --lineage, the downstream columns and consumers the change affects")
    func affected() async throws {
        let files = try await BillingWorkspace.shared.files()
        let (result, json) = try await run(Self.old.replacingOccurrences(of: "amount,", with: "amount::numeric(12,2) as amount,"),
                                           ["--lineage", files.lineage])
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(json["relation"] as? String == "analytics.stg_invoices")
        let affected = try #require(json["affected"] as? [String: [String]])
        #expect(affected["consumers"]?.contains("dashboard:Top customers") == true)
        #expect(affected["columns"]?.contains("analytics.mart_monthly_revenue.revenue") == true)
        #expect(affected["consumers"]?.contains("api:GET /invoices/{id}") == false)
    }

    @Test("text output, and unreadable files exit 2")
    func textAndBadInput() async throws {
        let dir = try BillingWorkspace.scratch(["old.sql": Self.old, "new.sql": Self.old + " where amount > 0"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await KeelBinary.run(["lineage", "classify", "--old", "old.sql", "--new", "new.sql"], workingDirectory: dir.path)
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.hasPrefix("breaking: "))
        #expect(result.standardOutput.contains("filter (WHERE) changed"))
        #expect(try await KeelBinary.run(["lineage", "classify", "--old", "nope.sql", "--new", "new.sql"], workingDirectory: dir.path).exitCode == 2)
        #expect(try await KeelBinary.run(["lineage", "classify", "--old", "old.sql"], workingDirectory: dir.path).exitCode == 2)
    }
}
