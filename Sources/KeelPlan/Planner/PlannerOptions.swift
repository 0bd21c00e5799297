/// How `keel plan` tunes the steps it writes.
public struct PlannerOptions: Sendable, Equatable {
    /// The schema unqualified names in the spec resolve to.
    public var defaultSchema: String
    /// Every DDL step waits at most this long for its lock, then fails and can be retried, so it
    /// never queues writes behind it for long.
    public var lockTimeoutMilliseconds: Int
    /// Rows per backfill batch.
    public var batchSize: Int
    /// Tables at most this large (bytes, from discovery) take the simple, blocking path, as empty
    /// ones do. Zero: only tables discovery saw empty.
    public var simplePathMaximumBytes: Int64
    /// Whether the server's TimeZone is UTC (then timestamp → timestamptz needs no rewrite).
    public var timeZoneIsUTC: Bool

    public init(defaultSchema: String = "public", lockTimeoutMilliseconds: Int = 2000, batchSize: Int = 1000,
                simplePathMaximumBytes: Int64 = 0, timeZoneIsUTC: Bool = false) {
        self.defaultSchema = defaultSchema
        self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
        self.batchSize = batchSize
        self.simplePathMaximumBytes = simplePathMaximumBytes
        self.timeZoneIsUTC = timeZoneIsUTC
    }
}
