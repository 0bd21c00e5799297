import Foundation
public import KeelCore
import KeelDiscover
public import KeelPostgres
public import KeelValidate
import Synchronization

/// Validation as the CLI and the MCP server both run it: discover the source, check the plan
/// was made for it, build the baseline and replay workloads from keel.yaml, build the sandbox,
/// validate, drop the sandbox.
public enum ValidationRun {
    /// - Parameters:
    ///   - dbt: what runs the dbt models (Keel's executor by default; see ``DbtRunner/Choice``).
    ///   - progress: one line per phase and step (MCP progress notifications).
    ///   - events: every progress report, with rows, rate and ETA for steps that move rows.
    public static func run(_ plan: MigrationPlan, source: ConnectionConfig, sandboxServer: ConnectionConfig?, sampleRows: Int,
                           config: String?, dbt: DbtRunner.Choice = .keel,
                           progress: @escaping @Sendable (String) -> Void = { _ in },
                           events: @escaping @Sendable (ValidationProgress) -> Void = { _ in }) async throws -> ValidationReport {
        let lines = StepLines(progress)
        let report: @Sendable (ValidationProgress) -> Void = { event in
            events(event)
            lines.send(event)
        }
        // Asked-for dbt that is not there is a usage error: before anything runs.
        let wanted = dbt == .dbt ? try await DbtRunner.resolve(.dbt, for: Workload(items: [])) : nil
        report(.init(phase: .discover, step: "discovering the source"))
        let catalog = try await Discoverer().discover(source)
        guard catalog.fingerprint == plan.inputs.catalog else {
            throw ValidateError.planMismatch(plan: plan.inputs.catalog, catalog: catalog.fingerprint)
        }
        let changed = Set(plan.steps.compactMap(\.table))
        var baseline = Workload(items: [])
        var replay = Workload(items: [])
        var patched: String?
        defer { if let patched { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: patched).deletingLastPathComponent().path) } }
        if let config {
            baseline = try WorkloadBuilder.workload(config: config, catalog: catalog, changedTables: changed)
            let copy = try WorkloadBuilder.patchedProject(config: config, plan: plan)
            patched = copy
            replay = try WorkloadBuilder.workload(config: copy, catalog: catalog, changedTables: changed)
        }
        let runner = dbt == .dbt ? wanted : try await DbtRunner.resolve(dbt, for: baseline)
        report(.init(phase: .sandbox, step: "building the sandbox"))
        let (sandbox, samples) = try await Sandbox.create(source: source, catalog: catalog, server: sandboxServer,
                                                          options: .init(sampleRows: sampleRows, pinned: PinnedRows.pins(for: baseline, catalog: catalog)),
                                                          progress: report)
        do {
            let report = try await Validator(reader: Discoverer(), options: .init(dbt: runner))
                .validate(plan, sandbox: sandbox, samples: samples, baseline: baseline, replay: replay, progress: report)
            await sandbox.drop()
            return report
        } catch {
            await sandbox.drop()
            throw error
        }
    }

    /// Forwards a progress report as a line when its phase, step or position changed (row
    /// updates within a step are left to ``ValidationProgress`` consumers).
    final class StepLines: Sendable {
        private let forward: @Sendable (String) -> Void
        private let last = Mutex("")

        init(_ forward: @escaping @Sendable (String) -> Void) { self.forward = forward }

        func send(_ event: ValidationProgress) {
            let line = event.description
            let changed = last.withLock { previous in
                defer { previous = line }
                return previous != line
            }
            if changed { forward(line) }
        }
    }
}
