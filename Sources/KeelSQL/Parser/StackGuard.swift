/// Keeps the recursive-descent parser from overflowing the stack of whatever thread runs it.
///
/// The nesting limit (``ParserOptions/maximumDepth``) bounds recursion by count, but frames differ
/// in size between debug and release builds. So the parser also measures how much stack it has used
/// since it started and stops at ``ParserOptions/maximumStackBytes``; the default fits inside the
/// smallest common thread stack (512 KiB for secondary threads on Darwin).
struct StackGuard {
    /// The lowest stack address the parser may reach (stacks grow down).
    let floor: UInt

    init(budget: Int) {
        let here = Self.currentAddress()
        floor = here > UInt(budget) ? here - UInt(budget) : 0
    }

    /// Whether the current frame is still within the budget.
    @inline(__always) var hasRoom: Bool {
        Self.currentAddress() > floor
    }

    @inline(never) static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
