import KeelCore
import KeelSQL

/// `ADD COLUMN` with a volatile default, an identity, a serial type, a stored generated expression
/// or a domain with constraints: PostgreSQL rewrites the whole table under ACCESS EXCLUSIVE.
/// Non-volatile defaults are catalog-only on PostgreSQL 11+, so they are not flagged; volatility
/// comes from the catalog's functions (pg_proc) and Keel's knowledge of built-ins.
struct AddingFieldWithDefault: LintRule {
    let info = LintRuleInfo(
        id: "adding-field-with-default", severity: .error, category: .locking,
        summary: "ADD COLUMN whose default must be computed per row (volatile default, identity, serial, stored generated column, constrained domain) rewrites the table under ACCESS EXCLUSIVE.",
        advice: "add the column without a default, then ALTER COLUMN … SET DEFAULT (new rows only), backfill existing rows in batches; for identity/serial/generated columns, backfill a plain column and convert it later",
        peers: ["squawk:adding-field-with-default", "atlas:PG302"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isExempt(table) else { return [] }
        let where_ = "\(table.display)\(context.sizeNote(table))"
        var violations: [LintViolation] = []
        for column in statement.addedColumns {
            let object = table.display(column: column.name.value)
            let range = statement.at(column.range)
            if let type = column.type, ColumnType.serials.contains(type.name.name.value.lowercased()) {
                violations.append(LintViolation("adding \(type.name.name.value) column \(object) fills every existing row from a sequence: it rewrites \(where_) under ACCESS EXCLUSIVE", at: range, object: object))
                continue
            }
            for constraint in column.constraints {
                switch constraint.kind {
                case .default(let expression):
                    let analysis = ExpressionVolatility(expression, catalog: context.catalog)
                    let preEleven = (context.catalog?.majorVersion ?? 11) < 11
                    if analysis.volatility == .volatile {
                        let unknownOnly = analysis.volatileFunctions.isEmpty
                        let why = unknownOnly
                            ? "its volatility is unknown (\(analysis.unknownFunctions.joined(separator: ", ")) is not in \(context.catalog == nil ? "Keel's built-in list; pass --catalog" : "the catalog")), so Keel assumes VOLATILE"
                            : "\(analysis.volatileFunctions.joined(separator: ", ")) is VOLATILE"
                        violations.append(LintViolation(
                            "adding \(object) with DEFAULT \(SQLPrinter.print(expression)) rewrites \(where_) under ACCESS EXCLUSIVE: \(why)",
                            at: statement.at(expression.range == .none ? column.range : expression.range), object: object,
                            severity: unknownOnly ? .warning : nil))
                    } else if preEleven, !isNull(expression) {
                        violations.append(LintViolation(
                            "adding \(object) with a DEFAULT rewrites \(where_) on PostgreSQL \(context.catalog?.majorVersion ?? 0) (before 11 every default is written to every row)",
                            at: range, object: object))
                    }
                case .identity:
                    violations.append(LintViolation("adding identity column \(object) fills every existing row: it rewrites \(where_) under ACCESS EXCLUSIVE", at: range, object: object))
                case .generated(_, let stored) where stored:
                    violations.append(LintViolation("adding stored generated column \(object) computes every existing row: it rewrites \(where_) under ACCESS EXCLUSIVE", at: range, object: object))
                default:
                    break
                }
            }
            if let type = column.type, let domain = context.catalog?.domains[context.resolve(type.name)], !domain.constraints.isEmpty {
                violations.append(LintViolation(
                    "adding \(object) of domain \(TableKey(domain.qualifiedName).display), which has constraints, checks every existing row: it rewrites \(where_) under ACCESS EXCLUSIVE",
                    at: range, object: object))
            }
        }
        return violations
    }

    func isNull(_ expression: SQLExpression) -> Bool {
        if case .literal(.null) = LintContext.stripped(expression).kind { return true }
        return false
    }
}
