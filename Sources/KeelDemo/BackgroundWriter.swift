import Foundation
public import KeelCore
public import KeelPostgres
import PostgresNIO
import Synchronization

/// Application traffic during the demo's rollout: a few sessions that keep inserting invoices and
/// marking random ones paid, and count every failed write. They write the old shape (`amount`)
/// until ``switchToNewShape()`` (the application's deploy after the consumers moved), then the
/// replacement column.
public final class BackgroundWriter: Sendable {
    public struct Stats: Sendable, Equatable, Codable {
        public var inserts = 0
        public var updates = 0
        public var failed = 0
        public var firstError: String?
        /// The slowest single write, in milliseconds.
        public var slowestMilliseconds = 0.0
        public var writes: Int { inserts + updates }
    }

    private struct State {
        var stats = Stats()
        var newShape = false
        var stopped = false
    }

    private let config: ConnectionConfig
    private let table: QualifiedName
    private let oldColumn: Identifier
    private let newColumn: Identifier
    private let sessions: Int
    private let state = Mutex(State())
    private let tasks = Mutex<[Task<Void, Never>]>([])

    public init(config: ConnectionConfig, table: QualifiedName, oldColumn: Identifier, newColumn: Identifier, sessions: Int = 2) {
        self.config = config
        self.table = table
        self.oldColumn = oldColumn
        self.newColumn = newColumn
        self.sessions = sessions
    }

    /// Starts the writers; they run until ``stop()``.
    public func start() async throws {
        let bounds = try await Session.with(config) { session in
            try await session.one("SELECT (SELECT max(id) FROM public.customers), (SELECT max(id) FROM \(table))") {
                try $0.decode((Int64?, Int64?).self)
            }
        }
        let customers = max(1, bounds.0 ?? 1)
        let invoices = max(1, bounds.1 ?? 1)
        var started: [Task<Void, Never>] = []
        for _ in 0..<sessions {
            let session = try await Session.connect(config)
            started.append(Task { await self.write(session, customers: customers, invoices: invoices) })
        }
        tasks.withLock { $0 = started }
    }

    /// Writers use the replacement column from now on.
    public func switchToNewShape() {
        state.withLock { $0.newShape = true }
    }

    public var stats: Stats { state.withLock { $0.stats } }

    /// Stops the writers and returns what they did.
    public func stop() async -> Stats {
        state.withLock { $0.stopped = true }
        for task in tasks.withLock({ $0 }) { await task.value }
        return stats
    }

    private func write(_ session: Session, customers: Int64, invoices: Int64) async {
        var generator = SystemRandomNumberGenerator()
        while true {
            let (stopped, newShape) = state.withLock { ($0.stopped, $0.newShape) }
            if stopped { break }
            let insert = Int.random(in: 0..<4, using: &generator) < 3
            var binds = PostgresBindings()
            let sql: SQL
            if insert {
                binds.append(Int64.random(in: 1...customers, using: &generator))
                binds.append(Int.random(in: 1...50_000, using: &generator))
                let column = newShape ? newColumn : oldColumn
                sql = "INSERT INTO \(table) (customer_id, \(column), status, issued_at) VALUES ($1, $2, 'open', now())"
            } else {
                binds.append(Int64.random(in: 1...invoices, using: &generator))
                sql = "UPDATE \(table) SET status = 'paid', paid_at = now() WHERE id = $1 AND status <> 'void'"
            }
            let started = ContinuousClock.now
            do {
                try await session.execute(sql, binds: binds)
                let elapsed = ContinuousClock.now - started
                let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                state.withLock {
                    if insert { $0.stats.inserts += 1 } else { $0.stats.updates += 1 }
                    $0.stats.slowestMilliseconds = max($0.stats.slowestMilliseconds, milliseconds)
                }
            } catch {
                state.withLock {
                    $0.stats.failed += 1
                    if $0.stats.firstError == nil { $0.stats.firstError = "\(error)" }
                }
            }
        }
        await session.close()
    }
}
