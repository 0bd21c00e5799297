import KeelCore
import KeelSQL

/// A domain with `CHECK` or `NOT NULL` cannot be changed online later, and adding a column of it
/// rewrites the table. A DEFAULT is not a constraint and is fine.
struct BanCreateDomainWithConstraint: LintRule {
    let info = LintRuleInfo(
        id: "ban-create-domain-with-constraint", severity: .warning, category: .style,
        summary: "Domains with CHECK or NOT NULL constraints cannot be changed online, and adding a column of such a domain rewrites the table.",
        advice: "use a plain domain (or the base type) and put the CHECK on the table, where NOT VALID + VALIDATE works",
        peers: ["squawk:ban-create-domain-with-constraint"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard case .createDomain(let domain) = statement.kind else { return [] }
        return domain.constraints.compactMap { constraint in
            switch constraint.kind {
            case .check, .notNull:
                return LintViolation("domain \(domain.name.sql) has a \(constraint.kind == .notNull ? "NOT NULL" : "CHECK") constraint, which cannot be changed online later",
                                     at: statement.at(constraint.range), object: domain.name.sql)
            default:
                return nil
            }
        }
    }
}
