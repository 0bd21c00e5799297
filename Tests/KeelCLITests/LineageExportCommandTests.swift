import Foundation
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel lineage export --openlineage`: one valid RunEvent per consumer.
@Suite(.tags(.postgres)) struct LineageExportCommandTests {
    @Test("writes one RunEvent per job, valid against the OpenLineage model")
    func export() async throws {
        let files = try await BillingWorkspace.shared.files()
        let out = files.directory.appendingPathComponent("events.ndjson").path
        let result = try await KeelBinary.run(["lineage", "export", "--openlineage", "--lineage", files.lineage, "--out", out,
                                               "--database", "billing", "--event-time", "2026-01-01T02:00:00Z"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 12)
        let events = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let names = events.compactMap { ($0["job"] as? [String: Any])?["name"] as? String }
        #expect(names.contains("dbt:model.billing_dbt.stg_invoices"))
        #expect(events.allSatisfy { $0["eventTime"] as? String == "2026-01-01T02:00:00.000Z" })

        let python = try TestVenv.python(for: "openlineage-python")
        let script = PackageRoot.url.appendingPathComponent("Tests/KeelLineageTests/Fixtures/openlineage/validate_events.py").path
        let validation = try await ProgramRunner.run(python, [script, out])
        #expect(validation.succeeded, "\(validation.standardOutput)\n\(validation.standardError)")
    }

    @Test("without --openlineage, or with a bad --event-time: exit 2")
    func usage() async throws {
        #expect(try await KeelBinary.run(["lineage", "export", "--lineage", "x.json"]).exitCode == 2)
        #expect(try await KeelBinary.run(["lineage", "export", "--openlineage", "--event-time", "yesterday"]).exitCode == 2)
    }
}
