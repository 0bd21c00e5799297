import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel demo`: the billing change through every stage, on its own clusters.
@Suite(.tags(.postgres)) struct DemoCommandTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("keel-demo-\(UUID().uuidString.prefix(8))")
    }

    @Test("the demo carries the billing change to the contract on staging and production with no failed write")
    func endToEnd() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await KeelBinary.run(["demo", "--dir", directory.path, "--scale", "0.02", "--writers", "1"])
        try #require(result.exitCode == 0, "keel demo failed:\n\(result.standardOutput.suffix(3000))\n\(result.standardError.suffix(3000))")
        let output = result.standardOutput
        for command in ["$ keel discover", "$ keel impact public.invoices.amount", "$ keel plan change.yaml", "$ keel validate plan.json",
                        "$ keel rollout start plan.json --env staging", "$ keel rollout start plan.json --env production",
                        "--lineage lineage.after.json", "$ keel rollout status", "$ keel drift --env production",
                        "$ keel drift --env staging"] {
            #expect(output.contains(command), "the demo should run \(command)")
        }
        #expect(output.contains("validation passed"))
        #expect(output.contains("staging writer:") && output.contains("production writer:"))
        #expect(!output.contains("FAIL"))
        // The hand-made change on staging is caught as drift.
        #expect(output.contains("internal_note"))
        for name in ["catalog.json", "lineage.json", "plan.json", "plan.md", "validation.json", "validation.md",
                     "catalog.after.json", "lineage.after.json", "report.md", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "missing \(name)")
        }
        let report = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        // Both environments wrote through the whole rollout, and nothing failed.
        for environment in ["staging", "production"] {
            let row = try #require(report.split(separator: "\n").first { $0.hasPrefix("| \(environment) |") })
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect((Int(cells[1]) ?? 0) > 0, "\(environment) wrote nothing: \(row)")
            #expect(cells[3] == "0", "\(environment) had failed writes: \(row)")
        }
        // The plan the demo rolled out is the one it validated.
        let plan = try MigrationPlan.read(from: directory.appendingPathComponent("plan.json"))
        let validation = try ValidationReport.read(from: directory.appendingPathComponent("validation.json"))
        #expect(validation.plan == plan.hash && validation.passed)
        // The patches were applied to the demo's copy of the project.
        let model = try String(contentsOf: directory.appendingPathComponent("dbt/billing_dbt/models/staging/stg_invoices.sql"), encoding: .utf8)
        #expect(model.contains("amount_decimal"))
    }

    @Test func badInputChangesNothing() async throws {
        #expect(try await KeelBinary.run(["demo", "--scale", "0"]).exitCode == 2)
        #expect(try await KeelBinary.run(["demo", "--writers", "0"]).exitCode == 2)
        // A directory the demo did not make is never emptied.
        let directory = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let precious = directory.appendingPathComponent("precious.txt")
        try Data("keep me".utf8).write(to: precious)
        let result = try await KeelBinary.run(["demo", "--dir", directory.path, "--scale", "0.01"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("not made by keel demo"))
        #expect(try String(contentsOf: precious, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["precious.txt"])
    }
}
