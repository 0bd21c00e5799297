import KeelCore
import KeelSQL

/// Renaming an index, view, sequence, constraint, type or other object breaks whatever refers to it
/// by name (hints, `ON CONFLICT ON CONSTRAINT`, `nextval('…')`, casts, ORM metadata).
struct RenamingObject: LintRule {
    let info = LintRuleInfo(
        id: "renaming-object", severity: .warning, category: .compatibility,
        summary: "Renaming an index, view, sequence, constraint, type or other object breaks code that names it.",
        advice: "find every reference first (keel lineage shows views and queries); for views, create the new name and keep the old one until clients move",
        peers: ["squawk:renaming-object"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        switch statement.kind {
        case .alterTable(let alter):
            let isTable = alter.objectKind == "TABLE" || alter.objectKind == "FOREIGN TABLE"
            return alter.actions.compactMap { action in
                switch action {
                case .renameTable(let new) where !isTable:
                    let key = context.resolve(alter.name)
                    guard !context.isNew(key) else { return nil }
                    return LintViolation("renaming \(alter.objectKind.lowercased()) \(key.display) to \(SQLPrinter.identifier(new.value)) breaks code that names it",
                                         at: statement.at(alter.name.range), object: key.display)
                case .renameColumn(let old, let new) where !isTable:
                    let key = context.resolve(alter.name)
                    guard !context.isNew(key) else { return nil }
                    return LintViolation("renaming column \(key.display(column: old.value)) of \(alter.objectKind.lowercased()) \(key.display) to \(SQLPrinter.identifier(new.value)) breaks its readers",
                                         at: statement.at(old.range), object: key.display(column: old.value))
                case .renameConstraint(let old, let new):
                    let key = context.resolve(alter.name)
                    guard !context.isNew(key) else { return nil }
                    return LintViolation("renaming constraint \(SQLPrinter.identifier(old.value)) on \(key.display) to \(SQLPrinter.identifier(new.value)) breaks code that names it (ON CONFLICT ON CONSTRAINT, error handlers)",
                                         at: statement.at(old.range), object: key.display)
                default:
                    return nil
                }
            }
        case .alterIndex(let alter):
            guard !context.isNewIndex(alter.name) else { return [] }
            return alter.actions.compactMap { action in
                guard case .renameTable(let new) = action else { return nil }
                return LintViolation("renaming index \(alter.name.sql) to \(SQLPrinter.identifier(new.value)) breaks code that names it",
                                     at: statement.at(alter.name.range), object: alter.name.sql)
            }
        case .alterType(let alter):
            switch alter.action {
            case .rename(let new):
                return [LintViolation("renaming type \(alter.name.sql) to \(SQLPrinter.identifier(new.value)) breaks casts and functions that name it",
                                      at: statement.at(alter.name.range), object: alter.name.sql)]
            case .renameValue(let old, let new):
                return [LintViolation("renaming enum value '\(old)' of \(alter.name.sql) to '\(new)' breaks every client that writes or compares '\(old)'",
                                      at: statement.range, object: alter.name.sql)]
            default:
                return []
            }
        case .other(let other) where other.kind.hasPrefix("ALTER "):
            let words = statement.words
            guard let renameAt = words.firstIndex(of: "RENAME"), renameAt + 1 < words.count else { return [] }
            let what = other.kind.dropFirst("ALTER ".count).lowercased()
            let name = other.object?.sql ?? (words.count > 2 ? words[2].lowercased() : "")
            return [LintViolation("renaming \(what) \(name) breaks code that names it", at: statement.range, object: other.object?.sql)]
        default:
            return []
        }
    }
}
