/// PostgreSQL's table-level lock modes, weakest first, with what each blocks
/// (see `../shared/docs/postgres-locks.md`). Plans declare them per step; the sandbox records the
/// ones actually taken and compares.
public enum LockLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case none
    case accessShare = "ACCESS SHARE"
    case rowShare = "ROW SHARE"
    case rowExclusive = "ROW EXCLUSIVE"
    case shareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
    case share = "SHARE"
    case shareRowExclusive = "SHARE ROW EXCLUSIVE"
    case exclusive = "EXCLUSIVE"
    case accessExclusive = "ACCESS EXCLUSIVE"

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// The mode as `pg_locks.mode` spells it, e.g. `AccessExclusiveLock`.
    public var pgLocksMode: String? {
        switch self {
        case .none: nil
        case .accessShare: "AccessShareLock"
        case .rowShare: "RowShareLock"
        case .rowExclusive: "RowExclusiveLock"
        case .shareUpdateExclusive: "ShareUpdateExclusiveLock"
        case .share: "ShareLock"
        case .shareRowExclusive: "ShareRowExclusiveLock"
        case .exclusive: "ExclusiveLock"
        case .accessExclusive: "AccessExclusiveLock"
        }
    }

    public init?(pgLocksMode: String) {
        guard let level = Self.allCases.first(where: { $0.pgLocksMode == pgLocksMode }) else { return nil }
        self = level
    }

    /// Whether ordinary writes (INSERT, UPDATE, DELETE take ROW EXCLUSIVE) wait behind this lock.
    public var blocksWrites: Bool { self >= .share }

    /// Whether plain reads (SELECT takes ACCESS SHARE) wait behind this lock.
    public var blocksReads: Bool { self == .accessExclusive }
}

/// What a statement does to a table's data: nothing, read it all, or write it all again.
public enum TableRewrite: String, Codable, Sendable, Comparable {
    case none, scan, rewrite

    private var rank: Int {
        switch self {
        case .none: 0
        case .scan: 1
        case .rewrite: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
