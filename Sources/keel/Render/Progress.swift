import Foundation

/// A one-line elapsed-time indicator on stderr for long steps, drawn only on a terminal
/// (scripts and CI logs get the plain start and finish lines).
enum Progress {
    static func during<T: Sendable>(_ label: String, _ operation: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        guard Terminal.stderrIsTerminal else {
            Terminal.stderr("\(label)…")
            return try await operation()
        }
        let ticker = Task {
            while !Task.isCancelled {
                let seconds = (ContinuousClock.now - started).components.seconds
                FileHandle.standardError.write(Data("\r\(label)… \(seconds) s".utf8))
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        let outcome: Result<T, any Error>
        do { outcome = .success(try await operation()) } catch { outcome = .failure(error) }
        ticker.cancel()
        await ticker.value  // so no tick lands after the final line
        switch outcome {
        case .success:
            let seconds = (ContinuousClock.now - started).seconds
            FileHandle.standardError.write(Data("\r\(label)… done in \(String(format: "%.1f", seconds)) s\n".utf8))
        case .failure: FileHandle.standardError.write(Data("\n".utf8))
        }
        return try outcome.get()
    }
}

extension Duration {
    /// The duration in (fractional) seconds, for display.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
