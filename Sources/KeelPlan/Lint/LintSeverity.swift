/// How bad a lint finding is. `keel lint` exits 1 while an ``error`` finding remains.
public enum LintSeverity: String, Codable, Sendable, Comparable, CaseIterable {
    /// Advice: style, robustness, or a risk that depends on the data.
    case info
    /// Worth a look: risky in some setups, or breaking for some clients.
    case warning
    /// Blocks reads or writes on a live table, rewrites it, fails at run time, or destroys data.
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// The SARIF `level`: `error`, `warning` or `note`.
    public var sarifLevel: String {
        switch self {
        case .info: "note"
        case .warning: "warning"
        case .error: "error"
        }
    }
}
