/// A snapshot of a running backfill, for a progress bar or a log line.
public struct BackfillProgress: Sendable, Equatable {
    /// The plan step (`backfill.1`).
    public var step: String
    /// Rows updated so far, across runs (the stored cursor keeps the count).
    public var rowsDone: Int64
    /// Rows that differed when this run started, plus those done before it: the expected total.
    public var rowsTotal: Int64?
    /// Batches so far, across runs.
    public var batches: Int64
    /// The next batch's size.
    public var batchSize: Int
    /// Rows per second in this run.
    public var rowsPerSecond: Double
    /// Seconds left at the current rate, when a total is known.
    public var etaSeconds: Double?
    /// The last key done, as text.
    public var lastKey: String?
    /// Whether the backfill has finished.
    public var finished: Bool

    /// Creates a snapshot.
    public init(step: String, rowsDone: Int64, rowsTotal: Int64?, batches: Int64, batchSize: Int, rowsPerSecond: Double,
                etaSeconds: Double?, lastKey: String?, finished: Bool) {
        self.step = step
        self.rowsDone = rowsDone
        self.rowsTotal = rowsTotal
        self.batches = batches
        self.batchSize = batchSize
        self.rowsPerSecond = rowsPerSecond
        self.etaSeconds = etaSeconds
        self.lastKey = lastKey
        self.finished = finished
    }
}
