import Foundation

/// Retries work that failed on a lock timeout (SQLSTATE `55P03`, `lock_not_available`) with
/// exponential backoff and full jitter, as pgroll's `RDB` does.
///
/// A DDL statement runs with a short `lock_timeout`, so while it waits for a lock it blocks the
/// readers and writers queued behind it for at most that long; it then gives up, lets them all
/// through, and tries again after a growing, randomised pause.
public struct LockRetry: Sendable, Equatable {
    /// How many attempts in all (the first included) before the lock timeout is rethrown.
    public var attempts: Int
    /// The pause after the first failure.
    public var initialDelay: Duration
    /// The longest pause between attempts.
    public var maxDelay: Duration
    /// How much of each pause is random, from 0 (none) to 1 (anywhere between 0 and the pause).
    public var jitter: Double
    /// Whether a DDL step that timed out cancels an autovacuum holding its table's lock, as
    /// PostgreSQL itself would after `deadlock_timeout` (``AutovacuumBlocker``).
    public var cancelsAutovacuum = true

    /// Creates a retry policy.
    /// - Parameters:
    ///   - attempts: Attempts in all, at least 1 (default 30).
    ///   - initialDelay: The first pause (default 100 ms); each later one doubles.
    ///   - maxDelay: The cap on one pause (default 5 s).
    ///   - jitter: The random share of each pause, clamped to 0…1 (default 0.5).
    public init(attempts: Int = 30, initialDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5), jitter: Double = 0.5) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = min(1, max(0, jitter))
    }

    /// The pause after failed attempt `attempt` (1-based): `initialDelay · 2^(attempt-1)`, capped
    /// at `maxDelay`, of which the `jitter` share is scaled by `random`.
    /// - Parameters:
    ///   - attempt: The attempt that just failed, from 1.
    ///   - random: A number in 0…1 (the jitter draw).
    /// - Returns: How long to wait before the next attempt.
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let base = min(initialDelay * (1 << exponent), maxDelay)
        let fixed = base * (1 - jitter)
        return fixed + base * (jitter * min(1, max(0, random)))
    }

    /// Whether `error` is a lock timeout worth retrying (SQLSTATE 55P03).
    public static func isLockTimeout(_ error: any Error) -> Bool {
        (error as? PostgresLayerError)?.sqlState == "55P03"
    }

    /// Runs `body` until it succeeds, retrying after a lock timeout.
    /// - Parameters:
    ///   - onRetry: Called before each pause with the failed attempt's number and the pause.
    ///   - afterTimeout: Called after each lock timeout that is retried, before the pause (to
    ///     clear what held the lock).
    ///   - body: The work; it gets the attempt number (from 1). It must leave nothing half done
    ///     when it throws (run it in a transaction).
    /// - Returns: What `body` returned.
    /// - Throws: The last lock timeout after `attempts` tries, or any other error at once.
    public func run<T>(onRetry: (Int, Duration) -> Void = { _, _ in }, afterTimeout: (Int) async -> Void = { _ in },
                       _ body: (Int) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body(attempt)
            } catch let error where Self.isLockTimeout(error) && attempt < attempts {
                await afterTimeout(attempt)
                let pause = delay(afterAttempt: attempt, random: Double.random(in: 0...1))
                onRetry(attempt, pause)
                try await Task.sleep(for: pause)
                attempt += 1
            }
        }
    }
}
