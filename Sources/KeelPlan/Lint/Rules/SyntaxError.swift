import KeelCore
import KeelSQL

/// SQL the parser cannot understand: reported with its position, never a crash. The other rules
/// skip the statement.
///
/// The parser is tolerant (it keeps statements it does not model, and some warehouse syntax, as
/// "other" statements). A migration runs on PostgreSQL, so this rule also reports a `CREATE`,
/// `ALTER` or `DROP` of an object kind PostgreSQL does not have (`CREATE TABL x`), and statements
/// that exist only in warehouses (`USE`, `PUT`, `UNDROP`, …).
struct SyntaxError: LintRule {
    static let ruleID = "syntax-error"

    let info = LintRuleInfo(
        id: SyntaxError.ruleID, severity: .error, category: .correctness,
        summary: "The statement cannot be parsed (or is not PostgreSQL), so it fails when run and no other rule can check it.",
        advice: "fix the SQL (or, for syntax Keel does not know, report it and silence it with -- keel-ignore syntax-error)",
        peers: ["squawk:syntax-error"])

    /// The object kinds (first word) PostgreSQL accepts after CREATE, ALTER or DROP.
    static let objectKinds: Set<String> = [
        "ACCESS", "AGGREGATE", "CAST", "COLLATION", "CONSTRAINT", "CONVERSION", "DATABASE", "DEFAULT", "DOMAIN", "EVENT",
        "EXTENSION", "FOREIGN", "FUNCTION", "GROUP", "INDEX", "LANGUAGE", "LARGE", "MATERIALIZED", "OPERATOR", "OWNED",
        "POLICY", "PROCEDURE", "PUBLICATION", "RECURSIVE", "ROLE", "ROUTINE", "RULE", "SCHEMA", "SEQUENCE", "SERVER",
        "STATISTICS", "SUBSCRIPTION", "SYSTEM", "TABLE", "TABLESPACE", "TEXT", "TRANSFORM", "TRIGGER", "TYPE", "USER",
        "VIEW",
    ]

    /// Leading words the parser accepts for warehouse dialects that PostgreSQL rejects.
    static let warehouseOnly: Set<String> = ["USE", "DESCRIBE", "DESC", "UNSET", "PUT", "GET", "LIST", "REMOVE", "UNDROP"]

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .other(let other) = statement.kind else { return [] }
        let words = other.kind.split(separator: " ").map(String.init)
        guard let first = words.first else { return [] }
        if Self.warehouseOnly.contains(first) {
            return [LintViolation("\(first) is not a PostgreSQL statement (it exists only in warehouse dialects), so the migration fails here",
                                  at: statement.range)]
        }
        guard ["CREATE", "ALTER", "DROP"].contains(first) else { return [] }
        guard words.count >= 2 else {
            return [LintViolation("\(first) names no object kind, so the migration fails here", at: statement.range)]
        }
        guard !Self.objectKinds.contains(words[1]) else { return [] }
        return [LintViolation("PostgreSQL has no \(first) \(words[1]) statement (syntax error at or near \"\(words[1].lowercased())\"), so the migration fails here",
                              at: statement.range)]
    }
}
