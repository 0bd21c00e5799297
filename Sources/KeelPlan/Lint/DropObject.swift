import KeelCore
import KeelSQL

/// The shared check behind the `ban-drop-<kind>` rules: `DROP <kind> name, …` of objects this file
/// did not create.
enum DropObject {
    /// One violation per dropped object of one of `kinds`.
    static func violations(_ statement: LintStatement, in context: LintContext, kinds: Set<String>,
                           consequence: (TableKey, Drop) -> String) -> [LintViolation] {
        guard case .drop(let drop) = statement.kind, kinds.contains(drop.objectKind) else { return [] }
        return drop.names.compactMap { name in
            let key = context.resolve(name)
            guard !context.isNew(key) else { return nil }
            let cascade = drop.behavior == .cascade ? "; CASCADE also drops everything that depends on it" : ""
            return LintViolation("dropping \(drop.objectKind.lowercased()) \(drop.objectKind == "TABLE" || drop.objectKind.hasSuffix("VIEW") ? key.display : name.sql) \(consequence(key, drop))\(cascade)",
                                 at: statement.at(name.range), object: drop.objectKind == "TABLE" || drop.objectKind.hasSuffix("VIEW") ? key.display : name.sql)
        }
    }
}
