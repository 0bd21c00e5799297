import KeelRollout
import Testing

@Suite struct BatchSizerTests {
    @Test func growsWhenBatchesAreFastAndShrinksWhenSlow() {
        var sizer = BatchSizer(initial: 1000, target: .milliseconds(200))
        #expect(sizer.record(elapsed: .milliseconds(100)) == 2000)
        #expect(sizer.record(elapsed: .milliseconds(10)) == 4000)  // at most ×2 per batch
        #expect(sizer.record(elapsed: .milliseconds(800)) == 2000)  // at most ÷2 per batch
        #expect(sizer.record(elapsed: .milliseconds(250)) == 1600)
    }

    @Test func staysWithinItsBounds() {
        var sizer = BatchSizer(initial: 20, target: .milliseconds(200), minimum: 10, maximum: 100)
        for _ in 0..<10 { sizer.record(elapsed: .seconds(5)) }
        #expect(sizer.size == 10)
        for _ in 0..<10 { sizer.record(elapsed: .zero) }
        #expect(sizer.size == 100)
    }

    @Test func maxRateAndPauseSetTheWait() {
        #expect(BatchSizer.wait(rows: 1000, elapsed: .milliseconds(100), maxRowsPerSecond: nil, pause: .zero) == .zero)
        #expect(BatchSizer.wait(rows: 1000, elapsed: .milliseconds(100), maxRowsPerSecond: nil, pause: .milliseconds(50)) == .milliseconds(50))
        // 1000 rows at 2000 rows/s need 500 ms; 100 ms were spent.
        #expect(BatchSizer.wait(rows: 1000, elapsed: .milliseconds(100), maxRowsPerSecond: 2000, pause: .zero) == .milliseconds(400))
        #expect(BatchSizer.wait(rows: 1000, elapsed: .seconds(1), maxRowsPerSecond: 2000, pause: .zero) == .zero)
    }
}
