import KeelCore
import KeelSQL

extension ChangeSpec.AddColumn: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let column = try context.identifier(self.column.name, field: "column.name")
        guard !context.columns(of: table).contains(column.name) else {
            throw .alreadyExists(index: context.operationIndex, operation: context.operationName,
                                 object: "column \(column.display) of \(table.display)", line: context.line)
        }
        let type = try context.type(self.column.type, field: "column.type")
        try context.changesShape(of: table)
        let defaultValue = try self.column.default.map { text throws(PlanError) in try context.expression(text, field: "column.default") }
        let fill = try up.map { text throws(PlanError) in try context.expression(text, field: "up") }
        let probed = defaultValue == nil ? nil : context.probed.withoutRewrite[context.operationIndex]
        let volatile = probed.map { !$0 } ?? (defaultValue.map { context.volatility(of: $0) == .volatile } ?? false)
        let notNull = !self.column.allowsNull
        let simple = context.takesSimplePath(table)
        let drop: [SQL] = ["ALTER TABLE \(table) DROP COLUMN IF EXISTS \(column)"]

        if simple || (!volatile && (!notNull || defaultValue != nil)) {
            // PostgreSQL 11+ stores a non-volatile default once in the catalog: no rewrite, no scan.
            var definition: SQL = "\(column) \(type.sql)"
            if let defaultValue { definition = "\(definition) DEFAULT \(defaultValue.sql())" }
            if notNull { definition = "\(definition) NOT NULL" }
            let why = simple ? "\(table.display) is empty or new, so the simple path is safe"
                : defaultValue == nil ? "nullable, no default: catalog only"
                : probed == true ? "the server confirmed on an empty copy that it stores the default once (atthasmissing): no rewrite"
                : "the default is not volatile, so PostgreSQL stores it once instead of rewriting the table"
            context.add(.expand, StepDraft(
                summary: "add \(column.display) \(SQLPrinter.print(type.typeName)): \(why)",
                table: table, statements: ["ALTER TABLE \(table) ADD COLUMN \(definition)"],
                lock: .accessExclusive, work: simple && volatile ? .rewrite : .metadata, rollback: drop))
        } else {
            guard let filler = fill ?? defaultValue else {
                throw context.invalid("column.nullable", "a NOT NULL column on a table with rows needs a `default` or an `up` expression to fill them")
            }
            context.add(.expand, StepDraft(
                summary: "add \(column.display) nullable and without a default: catalog only",
                table: table, statements: ["ALTER TABLE \(table) ADD COLUMN \(column) \(type.sql)"],
                lock: .accessExclusive, rollback: drop))
            if let defaultValue {
                context.add(.expand, StepDraft(
                    summary: "set its default for new rows (a volatile default on ADD COLUMN would rewrite every row under ACCESS EXCLUSIVE)",
                    table: table, statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) SET DEFAULT \(defaultValue.sql())"],
                    lock: .accessExclusive, rollback: ["ALTER TABLE \(table) ALTER COLUMN \(column) DROP DEFAULT"]))
            } else if let fill {
                // Writers that do not know the column yet insert NULL: fill it from the row, as the backfill does.
                let value = fill.sql { name in ColumnRef([Name("new"), Name(name, quoted: true)]) }
                try Patterns.trigger(
                    table, name: [table.name.name, column.name, "fill"],
                    body: "  IF NEW.\(column) IS NULL THEN\n    NEW.\(column) := \(value);\n  END IF;",
                    summary: "fill \(column.display) on rows written without it, until every writer sets it", gate: nil, context: &context)
            }
            try Patterns.backfill(table, assignments: [(column, filler)], onlyNull: true,
                                  summary: "fill \(column.display) on existing rows in batches of \(context.options.batchSize)", context: &context)
            if notNull { try Patterns.setNotNull(table, column, in: .dualWrite, context: &context) }
        }
        context.addedColumns[table, default: []].append(column.name)
        try addColumnConstraints(table, column, simple: simple, context: &context)
        if let comment = self.column.comment {
            context.add(.expand, StepDraft(
                summary: "comment on \(column.display)", table: table,
                statements: ["COMMENT ON COLUMN \(table).\(column) IS \(literal: comment)"], lock: .shareUpdateExclusive,
                rollback: []))
        }
    }

    private func addColumnConstraints(_ table: QualifiedName, _ column: Identifier, simple: Bool, context: inout PlanContext) throws(PlanError) {
        if let check = self.column.check {
            let expression = try context.expression(check, field: "column.check")
            let name = try Patterns.name([table.name.name, column.name, "check"], context: context)
            Patterns.addValidated(table, name, definition: "CHECK (\(expression.sql()))", lock: .accessExclusive,
                                  summary: "CHECK \(name.display)", in: .expand, validateIn: .dualWrite, context: &context)
        }
        if let reference = self.column.references {
            let target = try context.existingTable(reference.table, field: "column.references.table")
            let targetColumn = try context.existingColumn(target, reference.column, field: "column.references.column")
            let name = try Patterns.name([table.name.name, column.name, "fkey"], context: context)
            var definition: SQL = "FOREIGN KEY (\(column)) REFERENCES \(target) (\(targetColumn))"
            if let action = try Patterns.referentialAction(reference.onDelete, field: "column.references.on_delete", context: context) {
                definition = "\(definition) ON DELETE \(action)"
            }
            Patterns.addValidated(table, name, definition: definition, lock: .shareRowExclusive,
                                  summary: "FOREIGN KEY \(name.display)", in: .expand, validateIn: .dualWrite, context: &context)
        }
        if self.column.unique == true {
            let name = try Patterns.name([table.name.name, column.name, "key"], context: context)
            try Patterns.addUnique(table, constraint: name, columns: [column], primaryKey: false, context: &context)
        }
    }
}
