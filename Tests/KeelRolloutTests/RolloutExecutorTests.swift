import Foundation
import KeelCore
import KeelPostgres
import KeelRollout
import KeelTestSupport
import PostgresNIO
import Testing

/// The executor on real PostgreSQL with the billing scenario (2,000 invoices).
@Suite("Rollout executor", .postgres, .tags(.postgres))
struct RolloutExecutorTests {
    static func code(_ body: () async throws -> Void) async -> String? {
        do { try await body() } catch let error as any KeelError { return error.code } catch { return "\(type(of: error))" }
        return nil
    }

    @Test("next, complete, rollback and abort before any start are refused and create no keel schema")
    func refusedBeforeStart() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan()
        let executor = RolloutExecutor(config: database.config, options: RolloutFixtures.options())
        #expect(await Self.code { _ = try await executor.advance(.next, plan: plan) } == "rollout.not-started")
        #expect(await Self.code { _ = try await executor.advance(.complete, plan: plan) } == "rollout.not-started")
        #expect(await Self.code { _ = try await executor.rollback(plan) } == "rollout.not-started")
        #expect(await Self.code { _ = try await executor.abort(plan) } == "rollout.not-started")
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'keel'") == 0)
    }

    @Test("runs the billing plan phase by phase, keeps every amount, records its state and keeps the dropped column")
    func phaseByPhase() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan(batchSize: 300)
        let original = try await RolloutFixtures.columns(database)
        let sumBefore = try await RolloutFixtures.int(database, "SELECT sum(amount)::bigint FROM invoices")
        let executor = RolloutExecutor(config: database.config, options: RolloutFixtures.options())

        var outcome = try await executor.advance(.start, plan: plan)
        #expect(outcome.ran == ["expand.1", "expand.2", "expand.3", "expand.4", "expand.5"])
        #expect(outcome.completedPhase == .expand && outcome.nextPhase == .backfill && outcome.status == .active)
        #expect(try await RolloutFixtures.columns(database).contains("amount_decimal"))

        outcome = try await executor.advance(.next, plan: plan)
        #expect(outcome.ran == ["backfill.1"])
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices WHERE amount_decimal IS DISTINCT FROM amount::numeric(12,2)") == 0)
        outcome = try await executor.advance(.next, plan: plan)
        #expect(outcome.completedPhase == .dualWrite)
        outcome = try await executor.advance(.next, plan: plan)
        #expect(outcome.completedPhase == .migrateConsumers && outcome.nextPhase == .contract)

        // The contract waits for lineage showing no reader of invoices.amount.
        #expect(await Self.code { _ = try await executor.advance(.next, plan: plan) } == "rollout.gate-closed")
        var stale = RolloutFixtures.options()
        stale.lineage = try RolloutFixtures.lineage()
        #expect(await Self.code { _ = try await RolloutExecutor(config: database.config, options: stale).advance(.next, plan: plan) } == "rollout.gate-closed")
        var moved = RolloutFixtures.options()
        moved.lineage = try RolloutFixtures.movedLineage(plan)
        outcome = try await RolloutExecutor(config: database.config, options: moved).advance(.next, plan: plan)
        #expect(outcome.status == .completed && outcome.ran == ["contract.1", "contract.2"])

        let after = try await RolloutFixtures.columns(database)
        #expect(!after.contains("amount") && after.contains("keel_retired_amount") && after.contains("amount_decimal"))
        #expect(try await RolloutFixtures.int(database, "SELECT sum(amount_decimal)::bigint FROM invoices") == sumBefore)
        #expect(original.count + 2 == after.count)

        let records = try await RolloutExecutor.status(database.config)
        let record = try #require(records.first)
        #expect(records.count == 1 && record.status == .completed && record.stepsDone.count == plan.steps.count)
        #expect(record.backfills.first?.rowsDone == 2000 && record.backfills.first?.done == true)
        #expect(record.retired.first?.column == "amount" && record.retired.first?.retiredAs == "keel_retired_amount")
        #expect(record.operatorName == "tests" && record.environment == "staging")
        // Running it again says it is finished.
        #expect(await Self.code { _ = try await executor.advance(.start, plan: plan) } == "rollout.finished")
    }

    @Test("rolls back every phase before the contract to the original catalog, and can start again")
    func rollbackBeforeContract() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan()
        let original = try await RolloutFixtures.columns(database)
        let executor = RolloutExecutor(config: database.config, options: RolloutFixtures.options())
        _ = try await executor.advance(.start, plan: plan)
        _ = try await executor.advance(.next, plan: plan)
        _ = try await executor.advance(.next, plan: plan)
        let outcome = try await executor.rollback(plan)
        #expect(outcome.status == .rolledBack)
        #expect(outcome.undone == ["dual-write.3", "dual-write.2", "dual-write.1", "backfill.1", "expand.5", "expand.4", "expand.3", "expand.2", "expand.1"])
        #expect(try await RolloutFixtures.columns(database) == original)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM pg_trigger WHERE tgname = 'keel_invoices_amount_sync'") == 0)
        #expect(await Self.code { _ = try await executor.advance(.next, plan: plan) } == "rollout.finished")
        // A rolled-back plan can start over.
        let again = try await executor.advance(.start, plan: plan)
        #expect(again.ran.count == 5)
        #expect(try await RolloutExecutor.status(database.config).count == 2)
    }

    @Test("after the contract, rollback renames the kept column back and recreates the dual-write trigger")
    func rollbackAfterContract() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan()
        let original = try await RolloutFixtures.columns(database)
        var options = RolloutFixtures.options()
        options.lineage = try RolloutFixtures.movedLineage(plan)
        let executor = RolloutExecutor(config: database.config, options: options)
        _ = try await executor.advance(.start, plan: plan)
        #expect(try await executor.advance(.complete, plan: plan).status == .completed)
        // A new-shape writer after the contract.
        // (public.invoices: new sessions see public_v2 since the cutover.)
        try await database.execute("INSERT INTO public.invoices (customer_id, amount_decimal, status, issued_at) VALUES (1, 12.40, 'open', now())")
        #expect(await Self.code { _ = try await executor.rollback(plan) } == "rollout.restore-incomplete")
        #expect(try await RolloutFixtures.columns(database).contains("amount"))
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM keel.retired_columns WHERE restored") == 1)
        // The column and the trigger came back in one transaction (no write between them).
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM pg_trigger WHERE tgname = 'keel_invoices_amount_sync'") == 1)
        try await database.execute("UPDATE public.invoices SET amount = round(amount_decimal)::integer WHERE amount IS NULL")
        let outcome = try await executor.rollback(plan)
        #expect(outcome.status == .rolledBack)
        #expect(try await RolloutFixtures.columns(database) == original)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices WHERE amount IS NULL") == 0)
        // Retiring took NOT NULL off the column; the rollback put it back.
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'invoices'::regclass AND attname = 'amount' AND attnotnull") == 1)
    }

    @Test("--force --reason opens a closed contract gate and records the reason")
    func forcedGate() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan()
        var options = RolloutFixtures.options()
        options.force = true
        #expect(await Self.code { _ = try await RolloutExecutor(config: database.config, options: options).advance(.start, plan: plan) } == "rollout.reason-required")
        options.reason = "consumers verified by hand (INC-42)"
        options.retention = nil
        _ = try await RolloutExecutor(config: database.config, options: options).advance(.start, plan: plan)
        let outcome = try await RolloutExecutor(config: database.config, options: options).advance(.complete, plan: plan)
        #expect(outcome.status == .completed)
        let columns = try await RolloutFixtures.columns(database)
        #expect(!columns.contains("amount") && !columns.contains("keel_retired_amount"))
        let record = try #require(try await RolloutExecutor.status(database.config).first)
        #expect(record.forcedReason?.contains("INC-42") == true)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM keel.step_log WHERE action = 'force' AND message LIKE '%INC-42%'") == 1)
    }

    @Test("one rollout at a time: a second plan is refused, and a held advisory lock means busy")
    func oneActive() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan()
        let other = try RolloutFixtures.billingPlan(batchSize: 77)
        #expect(plan.hash != other.hash)
        let executor = RolloutExecutor(config: database.config, options: RolloutFixtures.options())
        _ = try await executor.advance(.start, plan: plan)
        #expect(await Self.code { _ = try await executor.advance(.start, plan: other) } == "rollout.other-active")
        #expect(await Self.code { _ = try await executor.advance(.next, plan: other) } == "rollout.other-active")
        // The partial unique index backs the rule up even without Keel's checks.
        #expect(await Self.code {
            try await database.execute("INSERT INTO keel.migrations (change, plan_hash, plan, environment, status, operator) VALUES ('x', 'y', '{}', 'z', 'active', 'me')")
        } == "postgres.server-error")
        try await Session.with(database.config) { holder in
            try await holder.execute("SELECT pg_advisory_lock(hashtext('keel'), hashtext('rollout'))")
            #expect(await Self.code { _ = try await executor.advance(.next, plan: plan) } == "rollout.busy")
        }
        _ = try await executor.advance(.next, plan: plan)
    }

    @Test("a backfill interrupted mid-way resumes from its stored cursor without redoing batches")
    func backfillResumes() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan(batchSize: 100)
        var options = RolloutFixtures.options()
        options.maxRowsPerSecond = 2000
        options.maxBatchSize = 100
        let executor = RolloutExecutor(config: database.config, options: options)
        _ = try await executor.advance(.start, plan: plan)
        let task = Task { try await executor.advance(.next, plan: plan) }
        for _ in 0..<400 {
            try await Task.sleep(for: .milliseconds(25))
            if try await RolloutFixtures.int(database, "SELECT coalesce(max(rows_done), 0) FROM keel.backfill_cursors") >= 200 { break }
        }
        task.cancel()
        _ = await task.result
        let partial = try await RolloutFixtures.int(database, "SELECT rows_done FROM keel.backfill_cursors")
        #expect(partial > 0 && partial < 2000)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices WHERE amount_decimal IS NOT NULL") == partial)
        options.maxRowsPerSecond = nil
        let outcome = try await RolloutExecutor(config: database.config, options: options).advance(.next, plan: plan)
        #expect(outcome.ran == ["backfill.1"])
        #expect(try await RolloutFixtures.int(database, "SELECT rows_done FROM keel.backfill_cursors") == 2000)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices WHERE amount_decimal IS DISTINCT FROM amount::numeric(12,2)") == 0)
    }

    @Test("an invalid index left by a failed CONCURRENTLY build is dropped, and the build runs again")
    func invalidIndexRecovery() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute(
            "CREATE TABLE t (id integer PRIMARY KEY, v integer)",
            "INSERT INTO t SELECT i, i % 10 FROM generate_series(1, 100) AS i")
        let billing = try RolloutFixtures.billingPlan()
        let table = try QualifiedName(schema: "public", name: "t")
        let step = MigrationPlan.Step(
            id: "expand.1", operation: 0, summary: "unique index on v", table: table,
            statements: ["SET lock_timeout = '2000ms'", "CREATE UNIQUE INDEX CONCURRENTLY \"t_v_key\" ON \"public\".\"t\" (\"v\")"],
            transactional: false, lock: .shareUpdateExclusive, rewrite: .scan, estimate: .init(rows: 100, bytes: nil, milliseconds: 1),
            rollback: ["DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_v_key\""])
        let plan = try MigrationPlan(
            change: "unique-v", spec: billing.spec, inputs: billing.inputs,
            phases: MigrationPlan.PhaseKind.allCases.map { .init(kind: $0, steps: $0 == .expand ? [step] : []) }, consumerPatches: [], notes: [])
        let invalid: SQL = "SELECT count(*) FROM pg_index WHERE NOT indisvalid AND indrelid = 't'::regclass"
        let executor = RolloutExecutor(config: database.config, options: RolloutFixtures.options())
        // Duplicates: the build fails twice (first try and the retry), and no invalid index stays.
        #expect(await Self.code { _ = try await executor.advance(.start, plan: plan) } == "rollout.step-failed")
        #expect(try await RolloutFixtures.int(database, invalid) == 0)
        // A crash mid-build leaves an invalid index; the rerun drops it and builds.
        await #expect(throws: (any Error).self) { try await database.execute("CREATE UNIQUE INDEX CONCURRENTLY \"t_v_key\" ON t (v)") }
        #expect(try await RolloutFixtures.int(database, invalid) == 1)
        try await database.execute("UPDATE t SET v = id")
        let outcome = try await executor.advance(.start, plan: plan)
        #expect(outcome.ran == ["expand.1"])
        #expect(try await RolloutFixtures.int(database, invalid) == 0)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM pg_index WHERE indisvalid AND indexrelid = 't_v_key'::regclass") == 1)
        #expect(try await executor.rollback(plan).status == .rolledBack)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM pg_class WHERE relname = 't_v_key'") == 0)
    }
}
