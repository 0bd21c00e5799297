import Foundation
import KeelCore
import KeelPostgres
import KeelRollout
import KeelTestSupport
import PostgresNIO
import Testing

/// Issue 7 §2: the rollout under real load (pgbench writers), and against a lock blocker.
/// (The kill -9 test drives the binary: Tests/KeelCLITests/RolloutCommandTests.swift.)
@Suite("Rollout reliability", .postgres, .tags(.postgres), .serialized)
struct RolloutReliabilityTests {
    /// Invoices for the load test. Issue 7 asks for 200k (scale 1); the default here is scale 0.1
    /// (20k invoices) to keep the suite within its time on a 2-core machine. KEEL_LOAD_SCALE=1
    /// runs the full size.
    static var loadScale: String { ProcessInfo.processInfo.environment["KEEL_LOAD_SCALE"] ?? "0.1" }

    struct Bench: Sendable {
        var exitCode: Int32?
        var processed: Int
        var failed: Int?
        var output: String
    }

    /// Runs pgbench with `clients` clients for `seconds` on `scripts` (file@weight).
    static func pgbench(_ database: TestDatabase, scripts: [String], clients: Int, seconds: Int) async throws -> Bench {
        let cluster = database.cluster
        let path = try RolloutFixtures.pgbench(cluster)
        let result = try await ProgramRunner.run(
            path, ["-n", "-h", cluster.socketDirectory, "-p", "\(cluster.port)", "-U", ManagedCluster.superuser,
                   "-c", "\(clients)", "-j", "2", "-T", "\(seconds)"] + scripts.flatMap { ["-f", $0] } + [database.name],
            environment: ["PGPASSWORD": nil, "PGOPTIONS": nil])
        let output = result.standardOutput + result.standardError
        func number(after label: String) -> Int? {
            guard let range = output.range(of: label) else { return nil }
            return Int(output[range.upperBound...].prefix { $0 == " " || $0.isNumber }.trimmingCharacters(in: .whitespaces))
        }
        return Bench(exitCode: result.exitCode, processed: number(after: "number of transactions actually processed:") ?? 0,
                     failed: number(after: "number of failed transactions:"), output: output)
    }

    static func script(_ directory: URL, _ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("8 pgbench writers through the whole billing migration: no failed transaction, no lost or wrong row")
    func underLoad() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database, scale: Self.loadScale)
        try await database.execute("CREATE TABLE load_ledger (invoice_id bigint PRIMARY KEY, amount integer NOT NULL)")
        let customers = try await RolloutFixtures.int(database, "SELECT max(id) FROM customers")
        let lastOriginal = try await RolloutFixtures.int(database, "SELECT max(id) FROM invoices")
        let originalCount = try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices")
        let checksum: SQL = "SELECT sum(hashtext(id::text || ':' || amount::text))::bigint + sum(amount)::bigint FROM invoices WHERE id <= \(literal: Int(lastOriginal))"
        let before = try await RolloutFixtures.int(database, checksum)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keel-load-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = try Self.script(directory, "old.sql", """
            \\set cid random(1, \(customers))
            \\set amt random(1, 50000)
            BEGIN;
            INSERT INTO invoices (customer_id, amount, status, issued_at) VALUES (:cid, :amt, 'open', now()) RETURNING id AS inv \\gset
            INSERT INTO payments (invoice_id, amount, method, paid_at) VALUES (:inv, :amt, 'card', now());
            INSERT INTO load_ledger (invoice_id, amount) VALUES (:inv, :amt);
            END;
            """)
        let new = try Self.script(directory, "new.sql", """
            \\set cid random(1, \(customers))
            \\set amt random(1, 50000)
            BEGIN;
            INSERT INTO invoices (customer_id, amount_decimal, status, issued_at) VALUES (:cid, :amt, 'open', now()) RETURNING id AS inv \\gset
            INSERT INTO payments (invoice_id, amount, method, paid_at) VALUES (:inv, :amt, 'card', now());
            INSERT INTO load_ledger (invoice_id, amount) VALUES (:inv, :amt);
            END;
            """)
        let update = try Self.script(directory, "update.sql", """
            \\set rid random(1, \(lastOriginal))
            UPDATE invoices SET status = 'paid', paid_at = now() WHERE id = :rid AND status <> 'void';
            """)

        let plan = try RolloutFixtures.billingPlan()
        var options = RolloutFixtures.options()
        options.lineage = try RolloutFixtures.movedLineage(plan)
        let executor = RolloutExecutor(config: database.config, options: options)

        // Old-shape writers (and updaters of the rows being backfilled) through expand, backfill and dual write.
        // Long enough that the phases end inside the load even when the whole suite shares two
        // cores with other builds (87–170 s there, 3–6 s alone); the single-pass check below is
        // the strict one.
        let firstSeconds = (Double(Self.loadScale) ?? 0.1) >= 0.5 ? 450 : 300
        let clock = ContinuousClock.now
        async let firstLoad = Self.pgbench(database, scripts: [old + "@3", update + "@1"], clients: 8, seconds: firstSeconds)
        try await Task.sleep(for: .seconds(1))
        _ = try await executor.advance(.start, plan: plan)
        _ = try await executor.advance(.next, plan: plan)
        let dual = try await executor.advance(.next, plan: plan)
        let firstDone = ContinuousClock.now - clock
        let ledgerAtPhasesDone = try await RolloutFixtures.int(database, "SELECT count(*) FROM load_ledger")
        #expect(dual.completedPhase == .dualWrite)
        let first = try await firstLoad
        #expect(first.exitCode == 0, "\(first.output)")
        #expect(first.failed == 0 && first.processed > 0, "\(first.output)")
        // Progress under load, not a stopwatch: the writers still commit after the phases are done.
        // (Before the fix a backfill pass chased the newest keys and ended only when they stopped.)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM load_ledger") > ledgerAtPhasesDone,
                "the phases must finish while the writers run (they took \(firstDone) of a \(firstSeconds) s load)")
        #expect(try await RolloutFixtures.int(database, "SELECT passes::bigint FROM keel.backfill_cursors") == 1)
        // Both shapes agree on every row, and every write of the load is there.
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices WHERE amount_decimal IS DISTINCT FROM amount::numeric(12,2)") == 0)
        #expect(try await RolloutFixtures.int(database, """
            SELECT count(*) FROM load_ledger l LEFT JOIN invoices i ON i.id = l.invoice_id
            WHERE i.id IS NULL OR i.amount <> l.amount OR i.amount_decimal <> l.amount
            """) == 0)

        // The consumers move; new-shape writers through the contract.
        _ = try await executor.advance(.next, plan: plan)
        let secondSeconds = 10
        let second = Task { try await Self.pgbench(database, scripts: [new + "@3", update + "@1"], clients: 8, seconds: secondSeconds) }
        try await Task.sleep(for: .seconds(1))
        let contractStarted = ContinuousClock.now
        let done = try await executor.advance(.next, plan: plan)
        let contractTook = ContinuousClock.now - contractStarted
        #expect(done.status == .completed)
        let secondLoad = try await second.value
        #expect(secondLoad.exitCode == 0 && secondLoad.failed == 0 && secondLoad.processed > 0, "\(secondLoad.output)")
        #expect(contractTook < .seconds(secondSeconds - 1))

        // Nothing lost, nothing wrong: the original rows' checksum through the new shape, every
        // load write, and the row count.
        let after = try await RolloutFixtures.int(database, """
            SELECT sum(hashtext(id::text || ':' || amount_decimal::integer::text))::bigint + sum(amount_decimal)::bigint
            FROM invoices WHERE id <= \(literal: Int(lastOriginal))
            """)
        #expect(after == before)
        #expect(try await RolloutFixtures.int(database, """
            SELECT count(*) FROM load_ledger l LEFT JOIN invoices i ON i.id = l.invoice_id WHERE i.id IS NULL OR i.amount_decimal <> l.amount
            """) == 0)
        let ledger = try await RolloutFixtures.int(database, "SELECT count(*) FROM load_ledger")
        #expect(ledger > 0)
        #expect(try await RolloutFixtures.int(database, "SELECT count(*) FROM invoices") == originalCount + ledger)
        #expect(try await RolloutFixtures.int(database, """
            SELECT count(*) FROM load_ledger l JOIN payments p ON p.invoice_id = l.invoice_id AND p.amount = l.amount
            """) == ledger)
        let backfill = try await RolloutFixtures.int(database, "SELECT batches FROM keel.backfill_cursors")
        let attempts = try await RolloutFixtures.int(database, "SELECT max(attempts)::bigint FROM keel.step_log WHERE action = 'run'")
        Swift.print("load: scale \(Self.loadScale), \(originalCount) invoices; old-shape run \(first.processed) tx, new-shape run \(secondLoad.processed) tx, 0 failed; phases 1–3 took \(firstDone) (backfill \(backfill) batches, at most \(attempts) attempts per step), contract \(contractTook)")
    }

    @Test("a long transaction blocks a DDL step: readers wait at most lock_timeout, Keel retries and succeeds after the blocker ends")
    func blocker() async throws {
        let database = try #require(TestDatabase.current)
        try await RolloutFixtures.loadBilling(database)
        let plan = try RolloutFixtures.billingPlan()
        var options = RolloutFixtures.options()
        options.lockTimeout = .milliseconds(500)
        options.retry = LockRetry(attempts: 200, initialDelay: .milliseconds(100), maxDelay: .milliseconds(400))
        let executor = RolloutExecutor(config: database.config, options: options)

        let blocker = try await Session.connect(database.config)
        try await blocker.execute("BEGIN")
        try await blocker.execute("SELECT count(*) FROM invoices")  // holds ACCESS SHARE until COMMIT
        let blockFor = Duration.seconds(3)
        let started = ContinuousClock.now
        let rollout = Task { try await executor.advance(.start, plan: plan) }
        let release = Task {
            try await Task.sleep(for: blockFor)
            try await blocker.execute("COMMIT")
            await blocker.close()
            return ContinuousClock.now
        }
        // Two readers measure every query while the DDL queues for its lock.
        let worst = try await withThrowingTaskGroup(of: Duration.self) { group in
            for reader in 0..<2 {
                group.addTask {
                    try await Session.with(database.config) { session in
                        var worst = Duration.zero
                        var key = reader + 1
                        while ContinuousClock.now - started < blockFor + .milliseconds(500) {
                            let before = ContinuousClock.now
                            _ = try await session.collect("SELECT amount FROM invoices WHERE id = \(literal: key)") { _ in 1 }
                            worst = max(worst, ContinuousClock.now - before)
                            key = key % 1900 + 7
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        return worst
                    }
                }
            }
            var worst = Duration.zero
            for try await value in group { worst = max(worst, value) }
            return worst
        }
        let released = try await release.value
        let outcome = try await rollout.value
        let finished = ContinuousClock.now
        #expect(outcome.ran == ["expand.1", "expand.2", "expand.3", "expand.4", "expand.5"])
        #expect(finished >= released, "Keel finished only after the blocker ended")
        // lock_timeout (500 ms) plus slack for a busy CI machine; without it they would wait the blocker's 3 s.
        #expect(worst < .milliseconds(1000), "a reader waited \(worst); lock_timeout is 500 ms")
        let attempts = try await RolloutFixtures.int(database, "SELECT attempts::bigint FROM keel.step_log WHERE step = 'expand.1' AND action = 'run' AND status = 'done'")
        #expect(attempts > 2)
        Swift.print("blocker: worst reader wait \(worst), expand.1 took \(attempts) attempts, done \(finished - released) after the blocker ended")
    }
}
