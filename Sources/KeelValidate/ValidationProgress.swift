/// Where a validation run is, for a progress display: the phase, the step within it and, for
/// steps that move rows (copying data into the sandbox, backfills), rows done, rate and ETA.
public struct ValidationProgress: Sendable, Equatable, CustomStringConvertible {
    public enum Phase: String, Sendable, Equatable, CaseIterable {
        case discover, sandbox, baseline, apply
        case dualWrite = "dual write"
        case replay, diff
        case queryPlans = "query plans"
        case rollback
    }

    public var phase: Phase
    /// What runs now: `copying public.invoices`, `backfill.1 Backfill invoices.amount_new`, a consumer id.
    public var step: String
    /// The step's position in its phase (1-based) and the phase's step count, when known.
    public var index: Int?
    public var count: Int?
    /// Rows done so far and expected in all, for steps that move rows.
    public var rowsDone: Int64?
    public var rowsTotal: Int64?
    public var rowsPerSecond: Double?
    /// Seconds left at the current rate, when a total is known.
    public var etaSeconds: Double?
    /// The last report of a step that moves rows.
    public var finished: Bool

    public init(phase: Phase, step: String, index: Int? = nil, count: Int? = nil, rowsDone: Int64? = nil, rowsTotal: Int64? = nil,
                rowsPerSecond: Double? = nil, etaSeconds: Double? = nil, finished: Bool = false) {
        self.phase = phase
        self.step = step
        self.index = index
        self.count = count
        self.rowsDone = rowsDone
        self.rowsTotal = rowsTotal
        self.rowsPerSecond = rowsPerSecond
        self.etaSeconds = etaSeconds
        self.finished = finished
    }

    /// Whether this report moves rows (and a bar with rate and ETA fits it).
    public var hasRows: Bool { rowsDone != nil }

    /// `apply 3/7: backfill.1 …` (no rows), for logs and MCP progress notifications.
    public var description: String {
        var text = phase.rawValue
        if let index, let count { text += " \(index)/\(count)" }
        return text + ": " + step
    }

    /// Rate and ETA of `done` out of `total` rows after `elapsed` seconds.
    static func rate(done: Int64, total: Int64?, elapsed: Double) -> (perSecond: Double?, eta: Double?) {
        guard elapsed > 0, done > 0 else { return (nil, nil) }
        let perSecond = Double(done) / elapsed
        guard let total else { return (perSecond, nil) }
        return (perSecond, Double(max(0, total - done)) / perSecond)
    }
}
