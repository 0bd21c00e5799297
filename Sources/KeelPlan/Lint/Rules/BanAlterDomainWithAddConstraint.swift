import KeelCore
import KeelSQL

/// `ALTER DOMAIN … ADD CONSTRAINT` checks every column of every table that uses the domain, under
/// locks that block writes; domains have no online path.
struct BanAlterDomainWithAddConstraint: LintRule {
    let info = LintRuleInfo(
        id: "ban-alter-domain-with-add-constraint", severity: .error, category: .locking,
        summary: "ALTER DOMAIN … ADD CONSTRAINT scans every column of every table that uses the domain while blocking writes.",
        advice: "use table CHECK constraints (NOT VALID, then VALIDATE) instead of domain constraints",
        peers: ["squawk:ban-alter-domain-with-add-constraint"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .other(let other) = statement.kind, other.kind == "ALTER DOMAIN" else { return [] }
        let words = statement.words
        guard let add = words.firstIndex(of: "ADD") else { return [] }
        let notValid = words.suffix(from: add).joined(separator: " ").contains("NOT VALID")
        let name = other.object?.sql ?? (words.count > 2 ? words[2].lowercased() : "")
        if notValid {
            return [LintViolation("ALTER DOMAIN \(name) ADD CONSTRAINT … NOT VALID skips the scan, but the domain's columns still cannot be validated online",
                                  at: statement.range, object: name, severity: .warning)]
        }
        var users = ""
        if let catalog = context.catalog {
            let columns = catalog.catalog.tables.flatMap { table in
                table.columns.filter { $0.typeKind == .domain && ($0.type == name || $0.type.hasSuffix("." + name)) }
                    .map { TableKey(table.qualifiedName).display(column: $0.name.name) }
            }
            if !columns.isEmpty { users = " (\(columns.joined(separator: ", ")))" }
        }
        return [LintViolation("ALTER DOMAIN \(name) ADD CONSTRAINT checks every column that uses the domain\(users) while blocking writes",
                              at: statement.range, object: name)]
    }
}
