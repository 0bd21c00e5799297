import Foundation
public import KeelCore
import KeelPostgres
import PostgresNIO

/// Proves a plan in a sandbox before it touches a real environment: runs the consumers on the
/// untouched sandbox (the baseline), applies the plan phase by phase while tracing locks and
/// rewrites, writes through both shapes of every replaced column, replays the patched consumers
/// and diffs their outputs, compares query plans, then rolls back and checks that the catalog
/// is exactly as before.
///
/// With Keel's own executor the replay runs after the contract inside one transaction that is
/// rolled back, and the rollback check follows. Real dbt only sees committed data, so with it
/// the rollback check comes first, the plan is applied again, and the contract and the replay
/// are committed (the sandbox is thrown away afterwards).
public struct Validator: Sendable {
    public struct Options: Sendable {
        /// A query plan whose cost grows by more than this factor is flagged.
        public var costRatioThreshold: Double
        /// A query whose EXPLAIN ANALYZE time grows by more than this factor is flagged…
        public var timeRatioThreshold: Double
        /// …when it takes at least this long after the change (shorter times are noise).
        public var minimumMilliseconds: Double
        /// Rows per backfill batch in the sandbox (0: the plan's).
        public var batchSize: Int
        /// Real dbt for the models; nil: Keel's own executor.
        public var dbt: DbtRunner?
        public init(costRatioThreshold: Double = 3, timeRatioThreshold: Double = 3, minimumMilliseconds: Double = 5,
                    batchSize: Int = 0, dbt: DbtRunner? = nil) {
            self.costRatioThreshold = costRatioThreshold
            self.timeRatioThreshold = timeRatioThreshold
            self.minimumMilliseconds = minimumMilliseconds
            self.batchSize = batchSize
            self.dbt = dbt
        }
    }

    let reader: any CatalogReader
    let options: Options

    public init(reader: any CatalogReader, options: Options = Options()) {
        self.reader = reader
        self.options = options
    }

    typealias Finding = ValidationReport.Finding
    typealias QueryPlan = WorkloadRunner.QueryPlan

    public func validate(_ plan: MigrationPlan, sandbox: Sandbox, samples: [ValidationReport.TableSample],
                         baseline: Workload, replay: Workload,
                         progress: @escaping @Sendable (ValidationProgress) -> Void = { _ in }) async throws -> ValidationReport {
        var findings: [Finding] = []
        let baselineSchema = try Identifier("keel_baseline")
        let replaySchema = try Identifier("keel_replay")
        let outputs = Set(baseline.items.compactMap(\.builds)).union(baseline.items.flatMap(\.outputs))
        let dbt = options.dbt.map { WorkloadRunner.Dbt(runner: $0, sandbox: sandbox.config) }

        return try await Session.with(sandbox.config) { session in
            try await Session.with(sandbox.config) { monitor in
                // Baseline.
                let baselineRunner = WorkloadRunner(session: session, snapshot: baselineSchema)
                let baselineRun = try await run(baseline, with: baselineRunner, dbt: dbt, command: "build", phase: .baseline,
                                                inTransaction: false, progress: progress)
                // dbt that cannot build the untouched project (a bad profile, a parse error) leaves
                // nothing to compare: validation cannot run, rather than pass.
                if let problem = baselineRun.projectError { throw ValidateError.workloadFailed(consumer: "dbt build", detail: problem) }
                for (id, problem) in baselineRun.failures.sorted(by: { $0.key < $1.key }) {
                    findings.append(.init(check: "baseline", severity: .warning, subject: id, message: "fails before the change: \(problem)"))
                }
                for (id, status) in baselineRun.tests.sorted(by: { $0.key < $1.key }) where Self.failed(status) {
                    findings.append(.init(check: "dbt-test", severity: .warning, subject: id, message: "fails before the change: \(status)"))
                }
                let queries = baseline.items.filter { $0.kind == .query && baselineRun.failures[$0.id] == nil }
                try await session.execute("BEGIN")
                var plansBefore: [String: QueryPlan] = [:]
                for (index, item) in queries.enumerated() {
                    progress(.init(phase: .queryPlans, step: "before: \(item.id)", index: index + 1, count: queries.count))
                    plansBefore[item.id] = try? await baselineRunner.explain(item)
                }
                try await session.execute("ROLLBACK")
                let expected = try await fingerprint(sandbox, excluding: outputs)

                // Apply, traced.
                let tracer = StepTracer(session: session, monitor: monitor, batchSize: options.batchSize)
                let applied = plan.phases.filter { $0.kind != .contract && $0.kind != .migrateConsumers }.flatMap(\.steps)
                var traces: [ValidationReport.StepTrace] = []
                var executed: [MigrationPlan.Step] = []
                for (index, step) in applied.enumerated() {
                    do {
                        let trace = try await apply(step, tracer, index: index, count: applied.count, progress: progress)
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
                let allApplied = executed.count == applied.count

                // Dual write.
                var dualWrite: [ValidationReport.DualWriteCheck] = []
                if allApplied {
                    let synced = (plan.replacements ?? []).filter(\.synced)
                    for (index, replacement) in synced.enumerated() {
                        progress(.init(phase: .dualWrite, step: "\(replacement.table.display).\(replacement.old.display) ↔ \(replacement.new.display)",
                                       index: index + 1, count: synced.count))
                        let checks = try await DualWriteChecker(session: session).check(replacement)
                        dualWrite += checks
                        for check in checks where !check.ok {
                            findings.append(.init(check: "dual-write", severity: .error, subject: "\(check.table.display).\(check.written)",
                                message: "\(check.write): expected \(check.expected), read \(check.observed ?? "NULL")"))
                        }
                    }
                }

                let replayRunner = WorkloadRunner(session: session, snapshot: replaySchema)
                let differ = OutputDiffer(session: session, expected: Self.expectedColumnChanges(plan))
                let contract = allApplied ? plan.phase(.contract)?.steps ?? [] : []
                var diffs: [ValidationReport.OutputDiff] = []
                var planChecks: [ValidationReport.QueryPlanCheck] = []
                let rollback: ValidationReport.RollbackCheck
                // After the replay, in the open transaction: diff the outputs, compare the query
                // plans, then roll the transaction back.
                func compareReplay(_ replayFailures: [String: String]) async throws {
                    let compared = try await diffOutputs(baseline, baselineRun.failures, replayFailures, differ,
                                                         baselineSchema: baselineSchema, replaySchema: replaySchema, progress: progress)
                    let checked = try await comparePlans(replay, replayRunner, before: plansBefore, progress: progress)
                    try await session.execute("ROLLBACK")
                    (diffs, planChecks) = (compared.diffs, checked.checks)
                    findings += compared.findings + checked.findings
                }
                if let dbt {
                    // Real dbt only sees committed data: check the rollback first, apply again, then
                    // commit the contract and replay.
                    rollback = try await rollBack(executed, session, sandbox: sandbox, outputs: outputs, expected: expected,
                                                    findings: &findings, progress: progress)
                    var reapplied = true
                    for (index, step) in executed.enumerated() {
                        do {
                            _ = try await apply(step, tracer, index: index, count: executed.count, progress: progress)
                        } catch {
                            findings.append(.init(check: "step", severity: .error, subject: step.id,
                                                  message: "applying again after the rollback check failed: \(error)"))
                            reapplied = false
                            break
                        }
                    }
                    if reapplied {
                        _ = try await run(replay, with: replayRunner, dbt: dbt, command: "run", phase: .replay, inTransaction: false, progress: progress)
                        findings += try await runContract(contract, session, inTransaction: false, progress: progress)
                        let replayRun = try await run(replay, with: replayRunner, dbt: dbt, command: "build", phase: .replay,
                                                      inTransaction: false, progress: progress)
                        for (id, status) in replayRun.tests.sorted(by: { $0.key < $1.key })
                        where Self.failed(status) && !Self.failed(baselineRun.tests[id] ?? "fail") {
                            findings.append(.init(check: "dbt-test", severity: .error, subject: id, message: "fails after the change: \(status)"))
                        }
                        try await session.execute("BEGIN")
                        try await compareReplay(replayRun.failures)
                    }
                } else {
                    // Replay and diff, as after the contract, inside one transaction rolled back
                    // afterwards: the patched consumers run (rebuilding views on the new columns), the
                    // contract is applied (DROP COLUMN is transactional), and the consumers run again.
                    // A consumer still reading an old column blocks the contract or fails here, not in
                    // production.
                    try await session.execute("BEGIN")
                    _ = try await run(replay, with: replayRunner, dbt: nil, command: "", phase: .replay, inTransaction: true, progress: progress)
                    findings += try await runContract(contract, session, inTransaction: true, progress: progress)
                    let replayRun = try await run(replay, with: replayRunner, dbt: nil, command: "", phase: .replay, inTransaction: true,
                                                  progress: progress)
                    try await compareReplay(replayRun.failures)
                    rollback = try await rollBack(executed, session, sandbox: sandbox, outputs: outputs, expected: expected,
                                                    findings: &findings, progress: progress)
                }
                try await session.execute("DROP SCHEMA IF EXISTS \(baselineSchema) CASCADE")
                try await session.execute("DROP SCHEMA IF EXISTS \(replaySchema) CASCADE")
                return ValidationReport(plan: plan.hash, catalog: plan.inputs.catalog,
                                        sandbox: .init(serverVersion: sandbox.serverVersion, tables: samples),
                                        steps: traces, dualWrite: dualWrite, outputs: diffs, queryPlans: planChecks,
                                        rollback: rollback, findings: findings,
                                        executor: baseline.dbt == nil ? "keel" : options.dbt.map { "dbt \($0.version)" } ?? "keel")
            }
        }
    }

    // MARK: Phases

    /// Runs a workload with Keel's executor (inside the caller's transaction when `inTransaction`,
    /// else in one of its own, committed) or with real dbt for the models (committed).
    private func run(_ workload: Workload, with runner: WorkloadRunner, dbt: WorkloadRunner.Dbt?, command: String,
                     phase: ValidationProgress.Phase, inTransaction: Bool,
                     progress: @escaping @Sendable (ValidationProgress) -> Void) async throws -> WorkloadRunner.Outcome {
        let count = workload.items.count
        let report: (Workload.Item, Int) -> Void = { item, index in
            let step = item.kind == .model && dbt != nil && workload.dbt != nil ? "dbt \(command)" : item.id
            progress(.init(phase: phase, step: step, index: index + 1, count: count))
        }
        if let dbt {
            return try await runner.run(workload, resetOutputs: phase != .baseline, dbt: dbt, command: command, progress: report)
        }
        if inTransaction { return try await runner.run(workload, resetOutputs: phase != .baseline, progress: report) }
        try await runner.session.execute("BEGIN")
        do {
            let outcome = try await runner.run(workload, resetOutputs: phase != .baseline, progress: report)
            try await runner.session.execute("COMMIT")
            return outcome
        } catch {
            try? await runner.session.execute("ROLLBACK")
            throw error
        }
    }

    /// One plan step, traced, with its backfill's rows, rate and ETA reported.
    private func apply(_ step: MigrationPlan.Step, _ tracer: StepTracer, index: Int, count: Int,
                       progress: @escaping @Sendable (ValidationProgress) -> Void) async throws -> ValidationReport.StepTrace {
        let label = "\(step.id) \(step.summary)"
        progress(.init(phase: .apply, step: label, index: index + 1, count: count))
        let started = ContinuousClock.now
        return try await tracer.run(step) { done, total in
            let elapsed = (ContinuousClock.now - started).components
            let (perSecond, eta) = ValidationProgress.rate(done: done, total: total.map { max($0, done) },
                                                            elapsed: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
            progress(.init(phase: .apply, step: label, index: index + 1, count: count, rowsDone: done, rowsTotal: total.map { max($0, done) },
                           rowsPerSecond: perSecond, etaSeconds: eta, finished: total.map { done >= $0 } ?? false))
        }
    }

    /// The contract's steps: in the replay transaction (CONCURRENTLY forms in their plain form,
    /// under a savepoint each), or committed as rollout runs them. A step that fails is a finding.
    private func runContract(_ steps: [MigrationPlan.Step], _ session: Session, inTransaction: Bool,
                             progress: @escaping @Sendable (ValidationProgress) -> Void) async throws -> [Finding] {
        var findings: [Finding] = []
        for (index, step) in steps.enumerated() {
            progress(.init(phase: .replay, step: "contract \(step.id) \(step.summary)", index: index + 1, count: steps.count))
            let statements = step.statements.filter { !$0.text.hasPrefix("SET ") }
            let (begin, commit, undo): (SQL?, SQL?, SQL?) = inTransaction
                ? ("SAVEPOINT keel_contract", "RELEASE SAVEPOINT keel_contract", "ROLLBACK TO SAVEPOINT keel_contract")
                : step.transactional ? ("BEGIN", "COMMIT", "ROLLBACK") : (nil, nil, nil)
            if let begin { try await session.execute(begin) }
            do {
                // Inside a transaction the CONCURRENTLY form cannot run; the plain one has the same effect.
                for statement in statements { try await session.execute(inTransaction ? Self.inTransaction(statement) : statement) }
                if let commit { try await session.execute(commit) }
            } catch {
                if let undo { try await session.execute(undo) }
                findings.append(.init(check: "step", severity: .error, subject: step.id, message: "the contract step fails: \(error)"))
            }
        }
        return findings
    }

    /// Each output against its baseline; a consumer that fails after the change, or whose output
    /// differs, is a finding.
    private func diffOutputs(_ baseline: Workload, _ baselineFailures: [String: String], _ replayFailures: [String: String],
                             _ differ: OutputDiffer, baselineSchema: Identifier, replaySchema: Identifier,
                             progress: @escaping @Sendable (ValidationProgress) -> Void) async throws -> (diffs: [ValidationReport.OutputDiff], findings: [Finding]) {
        var diffs: [ValidationReport.OutputDiff] = []
        var findings: [Finding] = []
        let items = baseline.items.filter { baselineFailures[$0.id] == nil && ($0.kind != .task || !$0.outputs.isEmpty) }
        for (index, item) in items.enumerated() {
            progress(.init(phase: .diff, step: item.id, index: index + 1, count: items.count))
            if let problem = replayFailures[item.id] {
                diffs.append(.init(consumer: item.id, baselineRows: 0, replayRows: 0, identical: 0, removed: 0, added: 0,
                                   columnChanges: [], ok: false, error: problem))
                findings.append(.init(check: "output", severity: .error, subject: item.id, message: "fails after the change: \(problem)"))
                continue
            }
            let table = try WorkloadRunner.snapshotTable(item.id)
            do {
                let diff = try await differ.diff(item.id, baseline: QualifiedName(schema: baselineSchema, name: table),
                                                 replay: QualifiedName(schema: replaySchema, name: table), key: item.key)
                diffs.append(diff)
                if !diff.ok { findings.append(.init(check: "output", severity: .error, subject: item.id, message: OutputDiffer.summary(diff))) }
            } catch {
                diffs.append(.init(consumer: item.id, baselineRows: 0, replayRows: 0, identical: 0, removed: 0, added: 0,
                                   columnChanges: [], ok: false, error: "could not compare: \(error)"))
                findings.append(.init(check: "output", severity: .error, subject: item.id, message: "could not compare the outputs: \(error)"))
            }
        }
        return (diffs, findings)
    }

    /// Every query's plan after the change against before (needs an open transaction).
    private func comparePlans(_ replay: Workload, _ runner: WorkloadRunner, before plans: [String: QueryPlan],
                              progress: @escaping @Sendable (ValidationProgress) -> Void) async throws -> (checks: [ValidationReport.QueryPlanCheck], findings: [Finding]) {
        var checks: [ValidationReport.QueryPlanCheck] = []
        var findings: [Finding] = []
        let queries = replay.items.filter { $0.kind == .query && plans[$0.id] != nil }
        for (index, item) in queries.enumerated() {
            progress(.init(phase: .queryPlans, step: "after: \(item.id)", index: index + 1, count: queries.count))
            guard let before = plans[item.id], let after = try? await runner.explain(item) else { continue }
            let flags = QueryPlanComparison.flags(before: before, after: after, options: options)
            checks.append(.init(consumer: item.id, before: before.nodes, after: after.nodes,
                                costBefore: Int64(before.cost.rounded()), costAfter: Int64(after.cost.rounded()), flags: flags.map(\.0),
                                microsecondsBefore: before.milliseconds.map { Int64(($0 * 1000).rounded()) },
                                microsecondsAfter: after.milliseconds.map { Int64(($0 * 1000).rounded()) }))
            for (flag, severe) in flags {
                findings.append(.init(check: "query-plan", severity: severe ? .error : .warning, subject: item.id, message: flag))
            }
        }
        return (checks, findings)
    }

    /// Runs every applied step's rollback SQL in reverse, then compares the catalog fingerprint
    /// (without the consumers' outputs and the snapshot schemas) with the one before the plan.
    private func rollBack(_ executed: [MigrationPlan.Step], _ session: Session, sandbox: Sandbox, outputs: Set<QualifiedName>,
                          expected: ContentHash, findings: inout [Finding],
                          progress: @escaping @Sendable (ValidationProgress) -> Void) async throws -> ValidationReport.RollbackCheck {
        var failed = false
        for (index, step) in executed.reversed().enumerated() {
            progress(.init(phase: .rollback, step: step.id, index: index + 1, count: executed.count))
            guard let statements = step.rollback else { continue }
            do {
                if step.transactional { try await session.execute("BEGIN") }
                for statement in statements { try await session.execute(statement) }
                if step.transactional { try await session.execute("COMMIT") }
            } catch {
                if step.transactional { try? await session.execute("ROLLBACK") }
                findings.append(.init(check: "rollback", severity: .error, subject: step.id, message: "rollback failed: \(error)"))
                failed = true
                break
            }
        }
        let observed = try await fingerprint(sandbox, excluding: outputs)
        let rollback = ValidationReport.RollbackCheck(expected: expected, observed: observed)
        if !rollback.restored && !failed {
            findings.append(.init(check: "rollback", severity: .error, subject: "catalog",
                                  message: "rolling back did not restore the catalog (fingerprint \(observed.value.prefix(19))… instead of \(expected.value.prefix(19))…)"))
        }
        return rollback
    }

    // MARK: Helpers

    /// A dbt test status that counts as failing.
    static func failed(_ status: String) -> Bool { status.hasPrefix("fail") || status.hasPrefix("error") }

    /// `+name` / `-name` for every column the plan's spec adds, drops or renames: such changes in
    /// a consumer's output (`SELECT *` picks up a new column) are expected.
    static func expectedColumnChanges(_ plan: MigrationPlan) -> Set<String> {
        var changes: Set<String> = []
        for operation in plan.spec.operations {
            switch operation {
            case .addColumn(let op): changes.insert("+" + op.column.name)
            case .dropColumn(let op): changes.insert("-" + op.column)
            case .renameColumn(let op): changes.formUnion(["-" + op.column, "+" + op.to])
            default: break
            }
        }
        return changes
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
