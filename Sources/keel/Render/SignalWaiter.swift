import Dispatch
import Foundation
import Synchronization

/// Catches a set of signals from the moment it is made, so a foreground command can clean up
/// before it exits.
///
/// Make it before the work whose end a signal should interrupt: a signal that arrives while the
/// command is still starting is then kept for ``next()``, not lost. (Ignoring a signal before its
/// dispatch source is live lets the kernel drop it: a caller that pressed Ctrl-C, or a supervisor
/// that sent SIGTERM, right as the cluster came up would wait forever.) If keel dies without
/// handling them, a managed cluster is still cleaned up by its supervisor; handling them here lets
/// the command finish the cleanup before exiting.
struct SignalWaiter {
    private let sources: [any DispatchSourceSignal]
    private let mailbox = Mailbox()

    init(_ signals: [Int32]) {
        let mailbox = self.mailbox
        sources = signals.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { mailbox.deliver(number) }
            source.resume()
            // Only once the source is live: until then the default action (exit; the supervisor
            // cleans up) is better than dropping the signal.
            signal(number, SIG_IGN)
            return source
        }
    }

    /// Also ends the wait when the process that started keel exits without signalling it (keel is
    /// re-parented), as if it had sent SIGHUP: a supervisor or test harness that dies leaves no
    /// server behind. Polls, since `prctl(PR_SET_PDEATHSIG)` is variadic and out of Swift's reach.
    func watchParent(every interval: Duration = .milliseconds(500)) {
        let parent = getppid()
        let mailbox = self.mailbox
        Task.detached {
            while !mailbox.delivered {
                try? await Task.sleep(for: interval)
                if getppid() != parent { mailbox.deliver(SIGHUP) }
            }
        }
    }

    /// The first signal caught, waiting for one if none has come yet.
    func next() async -> Int32 {
        let received = await mailbox.first()
        sources.forEach { $0.cancel() }
        return received
    }

    /// The first signal, and whoever waits for it.
    private final class Mailbox: Sendable {
        private struct State {
            var received: Int32?
            var waiter: CheckedContinuation<Int32, Never>?
        }
        private let state = Mutex(State())

        var delivered: Bool { state.withLock { $0.received != nil } }

        func deliver(_ number: Int32) {
            let waiter: CheckedContinuation<Int32, Never>? = state.withLock { state in
                guard state.received == nil else { return nil }
                state.received = number
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: number)
        }

        func first() async -> Int32 {
            await withCheckedContinuation { continuation in
                let received: Int32? = state.withLock { state in
                    if state.received == nil { state.waiter = continuation }
                    return state.received
                }
                if let received { continuation.resume(returning: received) }
            }
        }
    }
}
