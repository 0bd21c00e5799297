import Foundation
import KeelValidate
import Synchronization

/// `keel validate`'s progress on stderr. On a terminal, one line redrawn in place: the phase,
/// the step and its position, and the elapsed time (`[apply 3/7] backfill.1 … (4 s)`); steps that
/// move rows (copying data, backfills) get ``ProgressBar``'s bar with rows, rate and ETA.
/// Elsewhere, one line per step and per tenth of the rows.
final class ValidationProgressDisplay: Sendable {
    private let terminal: Bool
    private let bar: ProgressBar
    private let started = ContinuousClock.now
    /// The last step's label, and whether a row bar replaced it on screen.
    private let last = Mutex<(label: String, bar: Bool)>(("", false))

    init(terminal: Bool = Terminal.stderrIsTerminal) {
        self.terminal = terminal
        self.bar = ProgressBar(terminal: terminal)
    }

    /// Runs `operation` with the display; on a terminal the elapsed time ticks while a step runs.
    static func during<T: Sendable>(_ operation: (ValidationProgressDisplay) async throws -> T) async throws -> T {
        let display = ValidationProgressDisplay()
        let ticker: Task<Void, Never>? = display.terminal ? Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                display.tick()
            }
        } : nil
        let outcome: Result<T, any Error>
        do { outcome = .success(try await operation(display)) } catch { outcome = .failure(error) }
        ticker?.cancel()
        await ticker?.value  // so no tick lands after the final line
        display.finish(succeeded: (try? outcome.get()) != nil)
        return try outcome.get()
    }

    func show(_ event: ValidationProgress) {
        let label = "[\(event.phase.rawValue)\(event.index.map { " \($0)/\(event.count ?? $0)" } ?? "")] \(event.step)"
        let changed = last.withLock { previous in
            defer { previous = (label, event.hasRows) }
            return previous.label != label
        }
        if let done = event.rowsDone {
            bar.show(label, done: done, total: event.rowsTotal, rowsPerSecond: event.rowsPerSecond, eta: event.etaSeconds,
                     finished: event.finished && !terminal)
        } else if terminal {
            redraw(label)
        } else if changed {
            Terminal.stderr(label)
        }
    }

    /// Redraws the current step with the time so far (a row bar redraws itself).
    private func tick() {
        let current = last.withLock { $0 }
        guard !current.label.isEmpty, !current.bar else { return }
        redraw(current.label)
    }

    /// `label (4 s)`, the label cut to fit the line.
    private func redraw(_ label: String) {
        let time = ProgressBar.duration(elapsed)
        ProgressBar.redraw("\(ProgressBar.fit(label, leaving: time.count + 3)) (\(time))", finished: false)
    }

    /// Ends the display: `validated in 12.3 s`, or just a newline after a failure.
    func finish(succeeded: Bool) {
        if succeeded {
            let text = "validated in \(String(format: "%.1f", elapsed)) s"
            if terminal { ProgressBar.redraw(text, finished: true) } else { Terminal.stderr(text) }
        } else if terminal {
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }

    private var elapsed: Double { (ContinuousClock.now - started).seconds }
}
