import Foundation
import KeelCore
import KeelValidate
import Testing

/// The report's additions (row statuses, column match rates, samples, execution times, the
/// executor) in JSON and markdown, and reports written before them still reading.
@Suite struct ValidationReportMarkdownTests {
    static func report() throws -> ValidationReport {
        let hash = ContentHash(of: Data("plan".utf8))
        let diff = ValidationReport.OutputDiff(
            consumer: "dbt:model.billing_dbt.stg_invoices", baselineRows: 4, replayRows: 4, identical: 2, removed: 1, added: 1,
            columnChanges: ["+discount_amount"], ok: false, key: ["invoice_id"], modified: 1, nonuniquePK: 0,
            expectedColumnChanges: ["+discount_amount"],
            columns: [.init(column: "amount", typeBefore: "integer", typeAfter: "numeric(12,2)", mismatches: 1, compared: 3)],
            samples: [.init(status: .modified, key: "3", changes: [.init(column: "amount", before: "300", after: "301.00")]),
                      .init(status: .removed, key: "9")])
        let plan = ValidationReport.QueryPlanCheck(consumer: "api:GET /invoices/{id}", before: ["Index Scan on public.invoices"],
                                                   after: ["Index Scan on public.invoices"], costBefore: 8, costAfter: 8, flags: [],
                                                   microsecondsBefore: 450, microsecondsAfter: 510)
        return ValidationReport(plan: hash, catalog: hash, sandbox: .init(serverVersion: "15.18", tables: []), steps: [], dualWrite: [],
                                outputs: [diff], queryPlans: [plan], rollback: nil,
                                findings: [.init(check: "output", severity: .error, subject: diff.consumer, message: "differs")],
                                executor: "dbt 1.9.11")
    }

    @Test func markdownShowsStatusesRatesSamplesAndTimes() throws {
        let text = try Self.report().markdown()
        #expect(text.contains("- models run by: dbt 1.9.11"))
        #expect(text.contains("| dbt:model.billing_dbt.stg_invoices | invoice_id | 4 | 4 | 2 | 1 | 1 | 1 | 0 | ✗ |"))
        #expect(text.contains("- expected column changes (declared by the plan): +discount_amount"))
        #expect(text.contains("| amount | integer | numeric(12,2) | 66.67% | 1/3 |"))
        #expect(text.contains("- modified `3`: amount: 300 → 301.00"))
        #expect(text.contains("- removed `9`"))
        #expect(text.contains("time 0.45 ms → 0.51 ms"))
    }

    @Test func roundTripsThroughCanonicalJSON() throws {
        let report = try Self.report()
        let data = try CanonicalJSON.encode(report)
        #expect(try ValidationReport.decode(data, path: "validation.json") == report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"status\": \"modified\""))
        #expect(text.contains("\"matchRate\": 0.666667"))
    }

    @Test("a report written before the row statuses reads, with empty additions")
    func readsEarlierReports() throws {
        let hash = ContentHash(of: Data("plan".utf8)).value
        let json = """
            {"catalog": "\(hash)", "dualWrite": [], "findings": [], "formatVersion": 1, "kind": "validation",
             "outputs": [{"added": 0, "baselineRows": 5, "columnChanges": [], "consumer": "c", "identical": 5, "ok": true,
                          "removed": 0, "replayRows": 5}],
             "passed": true, "plan": "\(hash)",
             "queryPlans": [{"after": [], "before": [], "consumer": "q", "costAfter": 1, "costBefore": 1, "flags": []}],
             "sandbox": {"serverVersion": "15", "tables": []}, "steps": []}
            """
        let report = try ValidationReport.decode(Data(json.utf8), path: "validation.json")
        let output = try #require(report.outputs.first)
        #expect(output.identical == 5 && output.modified == 0 && output.key.isEmpty && output.samples.isEmpty && output.columns.isEmpty)
        #expect(report.queryPlans.first?.microsecondsBefore == nil)
        #expect(report.executor == nil)
    }
}
