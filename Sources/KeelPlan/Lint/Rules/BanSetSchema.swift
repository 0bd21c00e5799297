import KeelCore
import KeelSQL

/// `SET SCHEMA` moves an object: every client that names it schema-qualified breaks, and clients
/// that rely on `search_path` may silently find another object.
struct BanSetSchema: LintRule {
    let info = LintRuleInfo(
        id: "ban-set-schema", severity: .error, category: .compatibility,
        summary: "SET SCHEMA moves an object, breaking clients that name it with its old schema.",
        advice: "create the object in the new schema, keep a view (or wrapper) in the old one while clients move, then drop the old one",
        peers: ["squawk:ban-set-schema"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        switch statement.kind {
        case .alterTable(let alter), .alterIndex(let alter):
            let key = context.resolve(alter.name)
            guard !context.isNew(key) else { return [] }
            return alter.actions.compactMap { action in
                guard case .setSchema(let schema) = action else { return nil }
                return LintViolation("moving \(alter.objectKind.lowercased()) \(key.display) to schema \(SQLPrinter.identifier(schema.value)) breaks clients that use \(key.display)",
                                     at: statement.at(alter.name.range), object: key.display)
            }
        case .alterType(let alter):
            guard case .setSchema(let schema) = alter.action else { return [] }
            return [LintViolation("moving type \(alter.name.sql) to schema \(SQLPrinter.identifier(schema.value)) breaks code that names it",
                                  at: statement.at(alter.name.range), object: alter.name.sql)]
        case .other(let other) where other.kind.hasPrefix("ALTER "):
            let words = statement.words
            guard let index = words.firstIndex(of: "SET"), index + 1 < words.count, words[index + 1] == "SCHEMA" else { return [] }
            let what = other.kind.dropFirst("ALTER ".count).lowercased()
            return [LintViolation("moving \(what) \(other.object?.sql ?? "") to another schema breaks code that names it",
                                  at: statement.range, object: other.object?.sql)]
        default:
            return []
        }
    }
}
