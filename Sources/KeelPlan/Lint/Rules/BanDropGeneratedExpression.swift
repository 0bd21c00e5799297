import KeelCore
import KeelSQL

/// `DROP EXPRESSION` turns a generated column into a plain one: it stops following its inputs.
struct BanDropGeneratedExpression: LintRule {
    let info = LintRuleInfo(
        id: "ban-drop-generated-expression", severity: .warning, category: .compatibility,
        summary: "DROP EXPRESSION turns a generated column into a plain one that no longer follows its inputs.",
        advice: "make sure every writer now sets the column (or a trigger does) before dropping the expression",
        peers: ["squawk:ban-drop-generated-expression"])

    func check(_ statement: LintStatement, in context: LintContext) -> [LintViolation] {
        guard let alter = statement.alterTable else { return [] }
        let table = context.resolve(alter.name)
        guard !context.isNew(table) else { return [] }
        return alter.actions.compactMap { action in
            guard case .dropExpression(let column, _) = action else { return nil }
            let object = table.display(column: column.value)
            return LintViolation("dropping the generation expression of \(object) leaves a plain column that writers must now set",
                                 at: statement.at(column.range), object: object)
        }
    }
}
