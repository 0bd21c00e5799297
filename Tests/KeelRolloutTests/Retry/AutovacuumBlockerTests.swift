import Foundation
import KeelCore
import KeelPostgres
@testable import KeelRollout
import KeelTestSupport
import PostgresNIO
import Synchronization
import Testing

/// A DDL step whose lock an autovacuum holds: with lock_timeout below deadlock_timeout,
/// PostgreSQL never cancels the autovacuum for Keel, so Keel does (issue 7, seen on 2M rows).
@Suite("Autovacuum blocker", .tags(.postgres), .serialized)
struct AutovacuumBlockerTests {
    /// A cluster of its own, whose autovacuum wakes every second (the shared one keeps 1 min).
    static func withVacuumingTable(_ body: (ManagedCluster, QualifiedName) async throws -> Void) async throws {
        // The deadlock checker cancels an autovacuum that blocks a waiter once deadlock_timeout
        // passes; on a loaded machine a 200 ms lock wait can overrun 1 s, so it never may here.
        let cluster = try await ManagedCluster.start(ManagedCluster.Options(settings: ["autovacuum_naptime": "1", "deadlock_timeout": "'1h'"]))
        do {
            let table = try QualifiedName(schema: "public", name: "Mixed Case")
            try await Session.with(cluster.connectionConfig()) { session in
                // A crawling autovacuum (a 100 ms nap after each page) keeps its lock for a long time. No
                // auto-analyze: it is quick, and a test that catches one instead sees its lock vanish.
                try await session.execute("""
                    CREATE TABLE \(table) (id integer PRIMARY KEY, v integer) WITH (autovacuum_vacuum_threshold = 0,
                      autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_delay = 100, autovacuum_vacuum_cost_limit = 1,
                      autovacuum_analyze_threshold = 2000000000, autovacuum_analyze_scale_factor = 100)
                    """)
                try await session.execute("INSERT INTO \(table) SELECT i, i FROM generate_series(1, 50000) AS i")
                try await session.execute("UPDATE \(table) SET v = v + 1")
                let started = ContinuousClock.now
                while try await !vacuuming(table, session: session) {
                    try #require(ContinuousClock.now - started < .seconds(60), "no autovacuum started on \(table.display)")
                    try await Task.sleep(for: .milliseconds(100))
                }
                // No new worker for a minute once this one is cancelled.
                try await session.execute("ALTER SYSTEM SET autovacuum_naptime = '1min'")
                try await session.execute("SELECT pg_reload_conf()")
            }
            try await body(cluster, table)
            try await cluster.stop()
        } catch {
            try? await cluster.stop()
            throw error
        }
    }

    static func vacuuming(_ table: QualifiedName, session: Session) async throws -> Bool {
        var binds = PostgresBindings()
        binds.append(table.quoted)
        return try await session.one("""
            SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                           WHERE a.backend_type = 'autovacuum worker' AND a.query LIKE 'autovacuum: VACUUM%'
                             AND l.relation = to_regclass($1))
            """, binds: binds) { try $0.decode(Bool.self) }
    }

    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        func contains(_ text: String) -> Bool { lines.withLock { $0.contains { $0.contains(text) } } }
    }

    static func executor(_ cluster: ManagedCluster, cancels: Bool, log: Lines) -> RolloutExecutor {
        var options = RolloutOptions(environment: "test", operatorName: "tests")
        options.lockTimeout = .milliseconds(200)
        options.retry = LockRetry(attempts: 6, initialDelay: .milliseconds(50), maxDelay: .milliseconds(200))
        options.retry.cancelsAutovacuum = cancels
        options.log = { line in log.append(line) }
        return RolloutExecutor(config: cluster.connectionConfig(), options: options)
    }

    @Test("a DDL step cancels the autovacuum that holds its table and then takes the lock")
    func cancelsTheBlockingAutovacuum() async throws {
        try await Self.withVacuumingTable { cluster, table in
            let log = Lines()
            let executor = Self.executor(cluster, cancels: true, log: log)
            try await Session.with(cluster.connectionConfig()) { session in
                var attempts = 0
                try await executor.transaction(["ALTER TABLE \(table) ADD COLUMN w integer"], step: "expand.1", table: table,
                                               session: session) { attempts = $0 }
                // Usually the second; a worker slow to stop on a busy machine may cost one more.
                #expect(attempts >= 2)
                #expect(log.contains("cancelled the autovacuum of \(table.display)"))
                #expect(try await RolloutFixtures.int(session, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'w'") == 1)
            }
        }
    }

    @Test("without cancelling, every attempt times out behind the autovacuum; an ordinary lock holder is never cancelled")
    func withoutCancellingItStarves() async throws {
        try await Self.withVacuumingTable { cluster, table in
            let log = Lines()
            let executor = Self.executor(cluster, cancels: false, log: log)
            try await Session.with(cluster.connectionConfig()) { session in
                var outcome: Result<Void, any Error> = .success(())
                do {
                    try await executor.transaction(["ALTER TABLE \(table) ADD COLUMN w integer"], step: "expand.1", table: table,
                                                   session: session) { _ in }
                } catch {
                    outcome = .failure(error)
                }
                // Known problem: under the full parallel suite the autovacuum is sometimes gone by
                // the time the attempts run (cause not found: not the deadlock checker, whose
                // timeout is 1 h here), and the step takes the lock. Recorded, not hidden; alone
                // the starvation always shows.
                if case .success = outcome, try await !Self.vacuuming(table, session: session) {
                    withKnownIssue("the autovacuum ended before the attempts under the full suite", isIntermittent: true) {
                        Issue.record("the step took the lock: no autovacuum held the table any more")
                    }
                    return
                }
                guard case .failure(let error) = outcome else {
                    Issue.record("the step took the lock although an autovacuum holds the table")
                    return
                }
                #expect((error as? PostgresLayerError)?.sqlState == "55P03", "\(error)")
                #expect(try await Self.vacuuming(table, session: session))
                // An application's query on the table, running meanwhile, is left alone.
                let application = Task {
                    try await Session.with(cluster.connectionConfig()) { other in
                        try await other.execute("SELECT pg_sleep(1.5) FROM \(table) LIMIT 1")
                    }
                }
                try await Task.sleep(for: .milliseconds(500))
                let cancelled = try await AutovacuumBlocker.cancel(on: table, session: session)
                #expect(cancelled.count == 1)  // the autovacuum only
                try await application.value
            }
        }
    }
}
