import Dispatch
import Foundation

/// Runs deeply nested input on a thread of its own with a large stack.
///
/// Ordinary SQL nests a few levels and parses on the caller's thread, inside the caller's stack
/// (see ``ParserOptions/maximumStackBytes``). Input that nests deeper than ``inlineNestingLimit``
/// parentheses or brackets is parsed on a dedicated thread with a ``stackSize``-byte stack, so the
/// full ``ParserOptions/maximumDepth`` is available whatever thread the caller runs on.
enum LargeStack {
    /// Nesting up to which the parser runs on the caller's thread.
    static let inlineNestingLimit = 12
    /// The dedicated thread's stack size (reserved address space; pages are touched only as used).
    static let stackSize = 64 << 20
    /// The stack budget on the dedicated thread, leaving room for the thread's own frames.
    static let budget = stackSize - (2 << 20)

    /// The deepest nesting of `(` and `[` in the tokens.
    static func maximumNesting(_ tokens: [Token]) -> Int {
        var depth = 0
        var deepest = 0
        for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket:
                depth += 1
                if depth > deepest { deepest = depth }
            case .rightParen, .rightBracket:
                if depth > 0 { depth -= 1 }
            default:
                break
            }
        }
        return deepest
    }

    /// Runs `body` on a new thread with a large stack and waits for it.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        // Take the value out: the finished thread's block (and so the box) may outlive this call.
        let taken = box.value
        box.value = nil
        guard let value = taken else {
            // The thread always stores a value before signalling; run inline if that ever fails.
            return body()
        }
        return value
    }
}

/// Carries a result from the worker thread back to the waiting caller.
///
/// `@unchecked Sendable` is safe here: the worker writes `value` exactly once and then signals a
/// semaphore; the caller reads it only after waiting on that semaphore, which orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
