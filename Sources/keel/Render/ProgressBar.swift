import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Progress of work that moves rows, on stderr: on a terminal one line redrawn in place
/// (`label [#########---------------------] 1200/4000 rows, 5000 rows/s, ETA 1 s`), elsewhere
/// one line per tenth of the rows (logs stay short). Shared by rollout's backfill and validate.
final class ProgressBar: Sendable {
    private let terminal: Bool
    /// The last tenth logged per label, off a terminal.
    private let logged = Mutex<[String: Int]>([:])

    init(terminal: Bool = Terminal.stderrIsTerminal) {
        self.terminal = terminal
    }

    /// Shows `done` of `total` rows for `label`; `detail` goes last (`batch 1000`).
    func show(_ label: String, done: Int64, total: Int64?, rowsPerSecond: Double?, eta: Double?, detail: String? = nil, finished: Bool) {
        let total = max(total ?? 0, done)
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let rate = rowsPerSecond.map { "\(Int($0)) rows/s" } ?? "? rows/s"
        let etaText = eta.map { Self.duration($0) } ?? "?"
        let counts = "\(done)/\(total) rows, \(rate), ETA \(etaText)" + (detail.map { ", " + $0 } ?? "")
        if terminal {
            let bar = Self.bar(fraction)
            Self.redraw("\(Self.fit(label, leaving: bar.count + counts.count + 2)) \(bar) \(counts)", finished: finished)
            return
        }
        let tenth = Int(fraction * 10)
        let due = logged.withLock { seen in
            guard tenth > seen[label, default: -1] || finished else { return false }
            seen[label] = finished ? 11 : tenth
            return true
        }
        if due { Terminal.stderr("\(label): \(counts)") }
    }

    /// `[#########---------------------]`, 30 wide.
    static func bar(_ fraction: Double, width: Int = 30) -> String {
        let filled = max(0, min(width, Int(fraction * Double(width))))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }

    /// `42 s`, `3 min 5 s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
    }

    /// Replaces the current terminal line (carriage return, clear to end of line); a finished
    /// line ends with a newline and stays. Cut to the terminal's width: a wrapped line could not
    /// be replaced.
    static func redraw(_ text: String, finished: Bool) {
        let width = max(20, terminalWidth - 1)
        let shown = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + shown + (finished ? "\n" : "")).utf8))
    }

    /// `label`, cut so that `leaving` more columns still fit on the terminal's line.
    static func fit(_ label: String, leaving: Int) -> String {
        let room = max(12, terminalWidth - 1 - leaving)
        return label.count > room ? String(label.prefix(room - 1)) + "…" : label
    }

    /// stderr's terminal width in columns (80 when unknown).
    static var terminalWidth: Int {
        #if canImport(Glibc)
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        #endif
        return 80
    }
}
