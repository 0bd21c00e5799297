import Foundation
public import KeelCore
import KeelDiscover
public import KeelPostgres
import KeelValidate

/// Validation as the CLI and the MCP server both run it: discover the source, check the plan
/// was made for it, build the baseline and replay workloads from keel.yaml, build the sandbox,
/// validate, drop the sandbox.
public enum ValidationRun {
    public static func run(_ plan: MigrationPlan, source: ConnectionConfig, sandboxServer: ConnectionConfig?, sampleRows: Int,
                           config: String?, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> ValidationReport {
        progress("discovering the source")
        let catalog = try await Discoverer().discover(source)
        guard catalog.fingerprint == plan.inputs.catalog else {
            throw ValidateError.planMismatch(plan: plan.inputs.catalog, catalog: catalog.fingerprint)
        }
        let changed = Set(plan.steps.compactMap(\.table))
        var baseline = Workload(items: [])
        var replay = Workload(items: [])
        if let config {
            baseline = try WorkloadBuilder.workload(config: config, catalog: catalog, changedTables: changed)
            let patched = try WorkloadBuilder.patchedProject(config: config, plan: plan)
            defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: patched).deletingLastPathComponent().path) }
            replay = try WorkloadBuilder.workload(config: patched, catalog: catalog, changedTables: changed)
        }
        progress("building the sandbox")
        let (sandbox, samples) = try await Sandbox.create(source: source, catalog: catalog, server: sandboxServer,
                                                          options: .init(sampleRows: sampleRows), progress: progress)
        do {
            let report = try await Validator(reader: Discoverer()).validate(plan, sandbox: sandbox, samples: samples, baseline: baseline,
                                                                            replay: replay, progress: progress)
            await sandbox.drop()
            return report
        } catch {
            await sandbox.drop()
            throw error
        }
    }
}
