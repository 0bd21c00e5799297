/// A span of SQL source text.
///
/// `start` and `end` are UTF-8 byte offsets into the text that was parsed (`end` is exclusive).
/// `line` and `column` locate `start` for humans: both are 1-based, and `column` counts Unicode
/// scalars from the start of the line.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// The UTF-8 byte offset of the first byte.
    public var start: Int
    /// The UTF-8 byte offset just past the last byte.
    public var end: Int
    /// The 1-based line of `start`.
    public var line: Int
    /// The 1-based column of `start`, in Unicode scalars.
    public var column: Int

    /// Creates a range.
    public init(start: Int, end: Int, line: Int, column: Int) {
        self.start = start
        self.end = end
        self.line = line
        self.column = column
    }

    /// An empty range at the beginning of the text, for nodes that were synthesized.
    public static let none = SourceRange(start: 0, end: 0, line: 1, column: 1)

    /// The number of bytes covered.
    public var length: Int { end - start }

    /// A range from the start of `self` to the end of `other`.
    public func extended(to other: SourceRange) -> SourceRange {
        SourceRange(start: start, end: Swift.max(end, other.end), line: line, column: column)
    }

    public var description: String { "\(line):\(column)" }
}
