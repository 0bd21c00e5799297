import Foundation
public import KeelCore
import KeelPostgres
import PostgresNIO

/// Proves a plan in a sandbox before it touches a real environment: runs the consumers on the
/// untouched sandbox (the baseline), applies the plan phase by phase while tracing locks and
/// rewrites, writes through both shapes of every replaced column, replays the patched consumers
/// and diffs their outputs, compares query plans, then rolls back and checks that the catalog
/// is exactly as before.
public struct Validator: Sendable {
    public struct Options: Sendable {
        /// A query plan whose cost grows by more than this factor is flagged.
        public var costRatioThreshold: Double
        /// Rows per backfill batch in the sandbox (0: the plan's).
        public var batchSize: Int
        public init(costRatioThreshold: Double = 3, batchSize: Int = 0) {
            self.costRatioThreshold = costRatioThreshold
            self.batchSize = batchSize
        }
    }

    let reader: any CatalogReader
    let options: Options

    public init(reader: any CatalogReader, options: Options = Options()) {
        self.reader = reader
        self.options = options
    }

    public func validate(_ plan: MigrationPlan, sandbox: Sandbox, samples: [ValidationReport.TableSample],
                         baseline: Workload, replay: Workload,
                         progress: @Sendable (String) -> Void = { _ in }) async throws -> ValidationReport {
        var findings: [ValidationReport.Finding] = []
        let baselineSchema = try Identifier("keel_baseline")
        let replaySchema = try Identifier("keel_replay")
        let outputs = Set(baseline.items.compactMap(\.builds)).union(baseline.items.flatMap(\.outputs))

        return try await Session.with(sandbox.config) { session in
            try await Session.with(sandbox.config) { monitor in
                // Baseline.
                progress("baseline: running \(baseline.items.count) consumers on the untouched sandbox")
                let baselineRunner = WorkloadRunner(session: session, snapshot: baselineSchema)
                try await session.execute("BEGIN")
                let baselineFailures = try await baselineRunner.run(baseline, resetOutputs: false)
                try await session.execute("COMMIT")
                for (id, problem) in baselineFailures.sorted(by: { $0.key < $1.key }) {
                    findings.append(.init(check: "baseline", severity: .warning, subject: id, message: "fails before the change: \(problem)"))
                }
                var plansBefore: [String: (nodes: [String], cost: Double)] = [:]
                for item in baseline.items where item.kind == .query && baselineFailures[item.id] == nil {
                    plansBefore[item.id] = try? await baselineRunner.explain(item)
                }
                let expected = try await fingerprint(sandbox, excluding: outputs)

                // Apply, traced.
                let tracer = StepTracer(session: session, monitor: monitor, batchSize: options.batchSize)
                let applied = plan.phases.filter { $0.kind != .contract && $0.kind != .migrateConsumers }.flatMap(\.steps)
                var traces: [ValidationReport.StepTrace] = []
                var executed: [MigrationPlan.Step] = []
                for (index, step) in applied.enumerated() {
                    progress("apply \(index + 1)/\(applied.count): \(step.id) \(step.summary)")
                    do {
                        let trace = try await tracer.run(step)
                        traces.append(trace)
                        executed.append(step)
                        if trace.observedLock > step.lock {
                            findings.append(.init(check: "lock", severity: .error, subject: step.id,
                                message: "took \(trace.observedLock.rawValue) on \(step.table?.display ?? "?"), but the plan declares \(step.lock.rawValue)"))
                        }
                        if trace.rewritten && step.rewrite != .rewrite {
                            findings.append(.init(check: "rewrite", severity: .error, subject: step.id,
                                message: "rewrote \(step.table?.display ?? "?") (new relfilenode), but the plan declares \(step.rewrite.rawValue)"))
                        }
                    } catch {
                        findings.append(.init(check: "step", severity: .error, subject: step.id, message: "failed: \(error)"))
                        break
                    }
                }

                // Dual write.
                var dualWrite: [ValidationReport.DualWriteCheck] = []
                if executed.count == applied.count {
                    for replacement in plan.replacements ?? [] where replacement.synced {
                        progress("dual write: \(replacement.table.display).\(replacement.old.display) ↔ \(replacement.new.display)")
                        let checks = try await DualWriteChecker(session: session).check(replacement)
                        dualWrite += checks
                        for check in checks where !check.ok {
                            findings.append(.init(check: "dual-write", severity: .error, subject: "\(check.table.display).\(check.written)",
                                message: "\(check.write): expected \(check.expected), read \(check.observed ?? "NULL")"))
                        }
                    }
                }

                // Replay and diff, as after the contract, inside one transaction rolled back afterwards:
                // the patched consumers run (rebuilding views on the new columns), the contract is
                // applied (DROP COLUMN is transactional), and the consumers run again. A consumer still
                // reading an old column blocks the contract or fails here, not in production.
                progress("replay: running \(replay.items.count) patched consumers, then the contract, then again")
                let replayRunner = WorkloadRunner(session: session, snapshot: replaySchema)
                try await session.execute("BEGIN")
                _ = try await replayRunner.run(replay, resetOutputs: true)
                for step in plan.phase(.contract)?.steps ?? [] where executed.count == applied.count {
                    try await session.execute("SAVEPOINT keel_contract")
                    do {
                        for statement in step.statements where !statement.text.hasPrefix("SET ") {
                            // Inside the transaction, the CONCURRENTLY form cannot run; the plain one has the same effect.
                            try await session.execute(Self.inTransaction(statement))
                        }
                        try await session.execute("RELEASE SAVEPOINT keel_contract")
                    } catch {
                        try await session.execute("ROLLBACK TO SAVEPOINT keel_contract")
                        findings.append(.init(check: "step", severity: .error, subject: step.id, message: "the contract step fails: \(error)"))
                    }
                }
                let replayFailures = try await replayRunner.run(replay, resetOutputs: true)
                var diffs: [ValidationReport.OutputDiff] = []
                let differ = OutputDiffer(session: session)
                for item in baseline.items where baselineFailures[item.id] == nil && (item.kind != .task || !item.outputs.isEmpty) {
                    if let problem = replayFailures[item.id] {
                        diffs.append(.init(consumer: item.id, baselineRows: 0, replayRows: 0, identical: 0, removed: 0, added: 0,
                                           columnChanges: [], ok: false, error: problem))
                        findings.append(.init(check: "output", severity: .error, subject: item.id, message: "fails after the change: \(problem)"))
                        continue
                    }
                    let table = try WorkloadRunner.snapshotTable(item.id)
                    let diff = try await differ.diff(item.id, QualifiedName(schema: baselineSchema, name: table), QualifiedName(schema: replaySchema, name: table))
                    diffs.append(diff)
                    if !diff.ok {
                        findings.append(.init(check: "output", severity: .error, subject: item.id,
                            message: "output differs from the baseline: \(diff.removed) rows removed, \(diff.added) added\(diff.columnChanges.isEmpty ? "" : ", columns \(diff.columnChanges.joined(separator: ", "))")"))
                    }
                }

                // Query plans.
                var planChecks: [ValidationReport.QueryPlanCheck] = []
                for item in replay.items where item.kind == .query {
                    guard let before = plansBefore[item.id], let after = try? await replayRunner.explain(item) else { continue }
                    let flags = QueryPlanComparison.flags(before: before, after: after, threshold: options.costRatioThreshold)
                    planChecks.append(.init(consumer: item.id, before: before.nodes, after: after.nodes,
                                            costBefore: Int64(before.cost.rounded()), costAfter: Int64(after.cost.rounded()), flags: flags.map(\.0)))
                    for (flag, severe) in flags {
                        findings.append(.init(check: "query-plan", severity: severe ? .error : .warning, subject: item.id, message: flag))
                    }
                }

                try await session.execute("ROLLBACK")

                // Rollback.
                progress("rollback: undoing \(executed.count) steps")
                var rollbackFailed = false
                for step in executed.reversed() {
                    guard let statements = step.rollback else { continue }
                    do {
                        if step.transactional { try await session.execute("BEGIN") }
                        for statement in statements { try await session.execute(statement) }
                        if step.transactional { try await session.execute("COMMIT") }
                    } catch {
                        if step.transactional { try? await session.execute("ROLLBACK") }
                        findings.append(.init(check: "rollback", severity: .error, subject: step.id, message: "rollback failed: \(error)"))
                        rollbackFailed = true
                        break
                    }
                }
                // Put the consumers' own relations back as the baseline built them, then compare.
                try await session.execute("DROP SCHEMA IF EXISTS \(baselineSchema) CASCADE")
                try await session.execute("DROP SCHEMA IF EXISTS \(replaySchema) CASCADE")
                let observed = try await fingerprint(sandbox, excluding: outputs)
                let rollback = ValidationReport.RollbackCheck(expected: expected, observed: observed)
                if !rollback.restored && !rollbackFailed {
                    findings.append(.init(check: "rollback", severity: .error, subject: "catalog",
                                          message: "rolling back did not restore the catalog (fingerprint \(observed.value.prefix(19))… instead of \(expected.value.prefix(19))…)"))
                }
                return ValidationReport(plan: plan.hash, catalog: plan.inputs.catalog,
                                        sandbox: .init(serverVersion: sandbox.serverVersion, tables: samples),
                                        steps: traces, dualWrite: dualWrite, outputs: diffs, queryPlans: planChecks,
                                        rollback: rollback, findings: findings)
            }
        }
    }

    /// `DROP INDEX CONCURRENTLY x` → `DROP INDEX x` (Keel generated both forms itself).
    static func inTransaction(_ statement: SQL) -> SQL {
        for (concurrent, plain) in [("DROP INDEX CONCURRENTLY ", "DROP INDEX "), ("CREATE INDEX CONCURRENTLY ", "CREATE INDEX "),
                                    ("CREATE UNIQUE INDEX CONCURRENTLY ", "CREATE UNIQUE INDEX ")] where statement.text.hasPrefix(concurrent) {
            return TrustedSQL.planStatement(plain + statement.text.dropFirst(concurrent.count))
        }
        return statement
    }

    /// The sandbox catalog's fingerprint without the snapshot schemas and the consumers' outputs.
    func fingerprint(_ sandbox: Sandbox, excluding outputs: Set<QualifiedName>) async throws -> ContentHash {
        var catalog = try await reader.readCatalog(url: sandbox.url)
        let skip: (QualifiedName) -> Bool = { outputs.contains($0) || $0.schema.name.hasPrefix("keel_baseline") || $0.schema.name.hasPrefix("keel_replay") }
        catalog.tables.removeAll { skip($0.qualifiedName) }
        catalog.views.removeAll { skip($0.qualifiedName) }
        catalog.schemas.removeAll { $0.name.name == "keel_baseline" || $0.name.name == "keel_replay" }
        return try catalog.computeFingerprint()
    }
}
