/// Adapts a backfill's batch size so each batch takes about ``target`` (pure, no clock).
///
/// After each batch the size is scaled by `target / elapsed`, but by at most ×2 up or ÷2 down per
/// batch, so one slow batch (a checkpoint, a lock wait) cannot swing it wildly; it stays within
/// ``minimum``…``maximum``.
public struct BatchSizer: Sendable, Equatable {
    /// The wall time one batch should take (default 200 ms).
    public var target: Duration
    public var minimum: Int
    public var maximum: Int
    /// The size of the next batch.
    public private(set) var size: Int

    /// Creates a sizer.
    /// - Parameters:
    ///   - initial: The first batch's size (the plan's `batchSize`).
    ///   - target: The wall time one batch should take.
    ///   - minimum: The smallest batch (default 10).
    ///   - maximum: The largest batch (default 50,000).
    public init(initial: Int, target: Duration = .milliseconds(200), minimum: Int = 10, maximum: Int = 50_000) {
        self.target = target
        self.minimum = max(1, minimum)
        self.maximum = max(self.minimum, maximum)
        self.size = min(self.maximum, max(self.minimum, initial))
    }

    /// Records how long the last batch took and returns the next size.
    /// - Parameter elapsed: The last batch's wall time.
    /// - Returns: The next batch's size.
    @discardableResult
    public mutating func record(elapsed: Duration) -> Int {
        let elapsedSeconds = Self.seconds(elapsed)
        let targetSeconds = Self.seconds(target)
        guard elapsedSeconds > 0, targetSeconds > 0 else {
            size = min(maximum, size * 2)
            return size
        }
        let factor = min(2.0, max(0.5, targetSeconds / elapsedSeconds))
        size = min(maximum, max(minimum, Int((Double(size) * factor).rounded())))
        return size
    }

    /// How long to wait after a batch of `rows` rows so the average rate stays under `maxRowsPerSecond`.
    /// - Parameters:
    ///   - rows: Rows in the batch just done.
    ///   - elapsed: How long it took.
    ///   - maxRowsPerSecond: The cap; `nil` means none.
    ///   - pause: A fixed pause between batches, added first.
    /// - Returns: The wait before the next batch.
    public static func wait(rows: Int, elapsed: Duration, maxRowsPerSecond: Int?, pause: Duration) -> Duration {
        var wait = pause
        if let maxRowsPerSecond, maxRowsPerSecond > 0 {
            let minimum = Duration.seconds(Double(rows) / Double(maxRowsPerSecond))
            let spent = elapsed + pause
            if minimum > spent { wait += minimum - spent }
        }
        return wait
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
