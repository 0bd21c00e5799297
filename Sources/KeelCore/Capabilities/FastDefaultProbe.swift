/// Confirms on a live database whether `ADD COLUMN … DEFAULT` would keep the table as is.
///
/// PostgreSQL 11+ stores a non-volatile default once (`pg_attribute.atthasmissing`) instead of
/// rewriting every row. The planner decides from pg_proc's volatility; with a database at hand,
/// the face wires a probe in and the planner asks the server instead of guessing.
public protocol FastDefaultProbe: Sendable {
    /// Whether adding a column of `type` with `defaultValue` to an empty copy of `table` sets
    /// `atthasmissing` (no rewrite). Nothing is left behind.
    func addsWithoutRewrite(table: QualifiedName, type: SQL, defaultValue: SQL) async throws -> Bool
}
