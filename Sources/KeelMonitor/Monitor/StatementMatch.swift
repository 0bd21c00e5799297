import Foundation
import KeelCore
import KeelSQL

/// Which pg_stat_statements entries concern a touched table: a careful identifier match on
/// KeelSQL's tokens (not a substring search), so `invoices_archive` or a string `'invoices'`
/// never counts, and a schema-qualified name must name the right schema.
enum StatementMatch {
    /// Statements that read or write rows; utility commands (Keel's own DDL included) are left out.
    static let dataKeywords: Set<String> = ["select", "insert", "update", "delete", "with", "merge", "values", "table"]

    /// Keel monitor's own queries carry this word (as a column alias) so it never watches itself.
    static let ownMarker = "keel_monitor_"
    /// The rollout's backfill and verification statements alias the table as `keel_row`: Keel's own work, not the application's.
    static let rolloutMarker = "keel_row"

    /// The touched tables `text` references, when it is a data statement.
    static func tables(in text: String, among tables: [QualifiedName]) -> [QualifiedName] {
        guard !text.contains(ownMarker), !text.contains(rolloutMarker) else { return [] }
        let lexed = Lexer.tokenize(text)
        let tokens = lexed.tokens
        guard let first = tokens.first, first.kind == .word || first.kind == .leftParen,
              first.kind == .leftParen || dataKeywords.contains(lexed.text(of: first).lowercased()) else { return [] }
        var found: Set<QualifiedName> = []
        for (index, token) in tokens.enumerated() {
            guard let name = lexed.name(of: token) else { continue }
            for table in tables where table.name.name == name {
                // `schema.table`: the schema must match; a bare name is taken as on the search path.
                if index >= 2, tokens[index - 1].kind == .dot, let schema = lexed.name(of: tokens[index - 2]) {
                    if schema == table.schema.name { found.insert(table) }
                } else {
                    found.insert(table)
                }
            }
        }
        return found.sorted()
    }

    /// Every identifier in `text`, lowercased.
    static func words(_ text: String) -> Set<String> {
        let lexed = Lexer.tokenize(text)
        return Set(lexed.tokens.compactMap { lexed.name(of: $0)?.lowercased() })
    }
}
