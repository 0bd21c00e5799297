import KeelCore
import KeelSQL

/// Outside a transaction, a migration that fails half way must be rerunnable: CREATE needs
/// `IF NOT EXISTS`, DROP needs `IF EXISTS`, and steps that cannot be repeated (ADD CONSTRAINT,
/// RENAME, SET SCHEMA, …) need a transaction. Idempotent steps (SET/DROP DEFAULT, SET/DROP NOT NULL,
/// VALIDATE CONSTRAINT, …) are fine as they are. `DETACH PARTITION … CONCURRENTLY` is exempt: it
/// cannot run in a transaction and has no rerunnable form (an interrupted one is finished with
/// `DETACH PARTITION … FINALIZE`).
struct PreferRobustStmts: LintRule {
    let info = LintRuleInfo(
        id: "prefer-robust-stmts", severity: .info, category: .transactions,
        summary: "Outside a transaction, a statement that fails on a rerun (CREATE without IF NOT EXISTS, DROP without IF EXISTS, ADD CONSTRAINT, RENAME) leaves a half-applied migration that cannot be retried.",
        advice: "wrap the file in BEGIN … COMMIT, or make each statement rerunnable (IF [NOT] EXISTS; DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT)",
        peers: ["squawk:prefer-robust-stmts"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        let concurrent: Bool
        switch statement.kind {
        case .createIndex(let index): concurrent = index.concurrently
        case .drop(let drop): concurrent = drop.concurrently
        default: concurrent = false
        }
        // Inside a transaction a failure rolls everything back, except for CONCURRENTLY (which cannot be inside one).
        guard !context.inTransaction || concurrent else { return [] }
        switch statement.kind {
        case .createTable(let create) where !create.ifNotExists && create.persistence?.contains("TEMP") != true:
            return [missing("CREATE TABLE \(create.name.sql)", "IF NOT EXISTS", statement)]
        case .createIndex(let index) where !index.ifNotExists:
            return [missing("CREATE INDEX\(index.name.map { " " + $0.sql } ?? "")", index.name == nil ? "a name and IF NOT EXISTS" : "IF NOT EXISTS", statement)]
        case .drop(let drop) where !drop.ifExists:
            return [missing("DROP \(drop.objectKind) \(drop.names.map(\.sql).joined(separator: ", "))", "IF EXISTS", statement)]
        case .alterTable(let alter) where alter.objectKind == "TABLE":
            return alter.actions.compactMap { action in
                switch action {
                case .addColumn(let column, let ifNotExists) where !ifNotExists:
                    return missing("ADD COLUMN \(column.name.sql)", "IF NOT EXISTS", statement, at: column.range)
                case .dropColumn(let column, let ifExists, _) where !ifExists:
                    return missing("DROP COLUMN \(column.sql)", "IF EXISTS", statement, at: column.range)
                case .dropConstraint(let name, let ifExists, _) where !ifExists:
                    return missing("DROP CONSTRAINT \(name.sql)", "IF EXISTS", statement, at: name.range)
                case .dropIdentity(let column, let ifExists) where !ifExists:
                    return missing("DROP IDENTITY on \(column.sql)", "IF EXISTS", statement, at: column.range)
                case .addConstraint(let constraint):
                    return LintViolation("ADD CONSTRAINT\(constraint.name.map { " " + $0.sql } ?? "") fails when rerun, and the file runs outside a transaction",
                                         at: statement.at(constraint.range))
                case .detachPartition(_, let concurrently, let finalize) where concurrently || finalize:
                    // No rerunnable form exists and it cannot run in a transaction; an interrupted
                    // DETACH … CONCURRENTLY is finished with DETACH … FINALIZE (docs/lint.md).
                    return nil
                case .renameColumn, .renameTable, .renameConstraint, .setSchema, .attachPartition, .detachPartition, .addIdentity, .inherit, .noInherit:
                    return LintViolation("\(alter.name.sql): this ALTER TABLE step fails when rerun, and the file runs outside a transaction",
                                         at: statement.range)
                default:
                    return nil
                }
            }
        default:
            return []
        }
    }

    func missing(_ what: String, _ clause: String, _ statement: LintStatement, at range: SourceRange? = nil) -> LintViolation {
        LintViolation("\(what) has no \(clause), so rerunning the migration after a partial failure fails here",
                      at: range.map { statement.at($0) } ?? statement.range)
    }
}
