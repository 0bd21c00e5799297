import Foundation

/// Quoting of string literals for statements that cannot take bind parameters (DDL).
public enum SQLLiteral {
    /// Quotes `value` as a PostgreSQL string literal.
    ///
    /// Single quotes are doubled. When the value contains a backslash, the literal uses the
    /// `E'…'` form with backslashes doubled, so its meaning does not depend on
    /// `standard_conforming_strings` (the rule pgroll and libpq's `PQescapeLiteral` follow).
    public static func quote(_ value: String) -> String {
        var body = value.replacingOccurrences(of: "'", with: "''")
        if value.contains("\\") {
            body = body.replacingOccurrences(of: "\\", with: "\\\\")
            return " E'" + body + "'"
        }
        return "'" + body + "'"
    }
}
