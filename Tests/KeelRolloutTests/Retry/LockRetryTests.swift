import KeelPostgres
import Testing

/// KeelPostgres' lock retry (tested here, next to its only user).
@Suite struct LockRetryTests {
    @Test func delaysGrowExponentiallyUpToTheCap() {
        let retry = LockRetry(attempts: 10, initialDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: 0)
        #expect(retry.delay(afterAttempt: 1, random: 0.7) == .milliseconds(100))
        #expect(retry.delay(afterAttempt: 2, random: 0.7) == .milliseconds(200))
        #expect(retry.delay(afterAttempt: 4, random: 0.7) == .milliseconds(800))
        #expect(retry.delay(afterAttempt: 5, random: 0.7) == .seconds(1))
    }

    @Test func jitterRandomisesPartOfEachPause() {
        let retry = LockRetry(initialDelay: .milliseconds(100), jitter: 0.5)
        #expect(retry.delay(afterAttempt: 1, random: 0) == .milliseconds(50))
        #expect(retry.delay(afterAttempt: 1, random: 1) == .milliseconds(100))
    }

    @Test func retriesOnlyLockTimeouts() async throws {
        let retry = LockRetry(attempts: 5, initialDelay: .milliseconds(1), maxDelay: .milliseconds(2))
        var calls = 0
        let result = try await retry.run { attempt -> Int in
            calls += 1
            if attempt < 3 { throw PostgresLayerError.server(sqlState: "55P03", message: "lock timeout", detail: nil, hint: nil, statement: nil) }
            return attempt
        }
        #expect(result == 3 && calls == 3)
        calls = 0
        await #expect(throws: PostgresLayerError.self) {
            try await retry.run { _ in
                calls += 1
                throw PostgresLayerError.server(sqlState: "42P01", message: "no table", detail: nil, hint: nil, statement: nil)
            }
        }
        #expect(calls == 1)
        calls = 0
        await #expect(throws: PostgresLayerError.self) {
            try await retry.run { _ in
                calls += 1
                throw PostgresLayerError.server(sqlState: "55P03", message: "lock timeout", detail: nil, hint: nil, statement: nil)
            }
        }
        #expect(calls == 5)
    }

    @Test func afterTimeoutRunsBeforeEachRetryOnly() async throws {
        let retry = LockRetry(attempts: 3, initialDelay: .milliseconds(1), maxDelay: .milliseconds(2))
        var cleared: [Int] = []
        await #expect(throws: PostgresLayerError.self) {
            try await retry.run(afterTimeout: { cleared.append($0) }) { _ in
                throw PostgresLayerError.server(sqlState: "55P03", message: "lock timeout", detail: nil, hint: nil, statement: nil)
            }
        }
        #expect(cleared == [1, 2])  // not after the last attempt
        cleared = []
        _ = try await retry.run(afterTimeout: { cleared.append($0) }) { attempt in attempt }
        #expect(cleared.isEmpty)
    }
}
