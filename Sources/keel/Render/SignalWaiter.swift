import Dispatch
import Foundation
import Synchronization

/// Waits for one of a set of signals, so a foreground command can clean up before it exits.
///
/// (If keel dies without handling them, a managed cluster is still cleaned up by its
/// supervisor; handling them here lets the command finish the cleanup before exiting.)
enum SignalWaiter {
    static func next(_ signals: [Int32]) async -> Int32 {
        let sources = signals.map { signalNumber -> any DispatchSourceSignal in
            signal(signalNumber, SIG_IGN)  // let the dispatch source see it instead of the default action
            return DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        }
        let received = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let once = Once()
            for (source, number) in zip(sources, signals) {
                source.setEventHandler { if once.claim() { continuation.resume(returning: number) } }
                source.resume()
            }
        }
        sources.forEach { $0.cancel() }
        return received
    }
}

/// Lets exactly one caller through.
private final class Once: Sendable {
    private let done = Mutex(false)

    func claim() -> Bool {
        done.withLock { done in
            if done { return false }
            done = true
            return true
        }
    }
}
