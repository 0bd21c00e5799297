import Foundation
import KeelCore
import KeelSQL

extension ChangeSpec.AlterColumn: PlannableOperation {
    func plan(_ context: inout PlanContext) throws(PlanError) {
        let table = try context.existingTable(self.table)
        let column = try context.existingColumn(table, self.column)
        guard type != nil || nullable != nil || self.default != nil || dropDefault == true || comment != nil else {
            throw context.invalid("alter_column", "nothing to change: give type, nullable, default, drop_default or comment")
        }
        if self.default != nil, dropDefault == true { throw context.invalid("drop_default", "give either default or drop_default, not both") }
        if type == nil, up != nil || down != nil { throw context.invalid(up != nil ? "up" : "down", "up and down go with type") }

        // A type change through a new column carries nullability with it; the rest apply in place.
        if let typeText = type, try changeType(table, column, typeText, context: &context) { return }
        if let nullable { try changeNullability(table, column, nullable: nullable, context: &context) }
        try changeDefault(table, column, context: &context)
        if let comment {
            let previous = context.catalogColumn(table, column)?.comment
            context.add(.expand, StepDraft(
                summary: "comment on \(column.display)", table: table,
                statements: ["COMMENT ON COLUMN \(table).\(column) IS \(literal: comment)"], lock: .shareUpdateExclusive,
                rollback: [previous.map { "COMMENT ON COLUMN \(table).\(column) IS \(literal: $0)" } ?? "COMMENT ON COLUMN \(table).\(column) IS NULL"]))
        }
    }

    /// Returns `true` when the change went through a new column (which then owns nullability and default).
    private func changeType(_ table: QualifiedName, _ column: Identifier, _ typeText: String, context: inout PlanContext) throws(PlanError) -> Bool {
        let target = try context.type(typeText)
        let current = context.catalogColumn(table, column)
        let currentType = current.flatMap { ColumnType(catalogText: $0.type) }
        let upExpression = try up.map { text throws(PlanError) in try context.expression(text, field: "up") }
        let downExpression = try down.map { text throws(PlanError) in try context.expression(text, field: "down") }
        for (expression, field) in [(upExpression, "up"), (downExpression, "down")] {
            guard let expression else { continue }
            let others = expression.columns.filter { $0 != column.name && !context.columns(of: table).contains($0) }
            if let unknown = others.first {
                throw .unknownColumn(index: context.operationIndex, operation: context.operationName, table: table.display,
                                     column: unknown + " (in \(field))", line: context.line)
            }
        }

        if let currentType, currentType.changeIsBinaryCoercible(to: target.columnType, timeZoneIsUTC: context.options.timeZoneIsUTC),
           upExpression.map({ Self.isPlainConversion($0, of: column.name) }) ?? true {
            context.add(.expand, StepDraft(
                summary: "change \(column.display) to \(SQLPrinter.print(target.typeName)) in place: every stored value stays valid, so there is no rewrite",
                table: table, statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(target.sql)"],
                lock: .accessExclusive,
                rollback: current.flatMap { ColumnTypeText.sql($0.type) }.map { ["ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \($0)"] }))
            return false
        }
        if context.takesSimplePath(table) {
            let using: SQL = upExpression.map { " USING \($0.sql())" } ?? ""
            context.add(.expand, StepDraft(
                summary: "change \(column.display) to \(SQLPrinter.print(target.typeName)) directly: \(table.display) is empty or new",
                table: table, statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(target.sql)\(using)"],
                lock: .accessExclusive, work: .rewrite,
                rollback: current.flatMap { ColumnTypeText.sql($0.type) }.map { old in
                    let back: SQL = downExpression.map { " USING \($0.sql())" } ?? ""
                    return ["ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(old)\(back)"]
                }))
            return false
        }
        try replaceColumn(table, column, target: target, up: upExpression, down: downExpression, current: current, context: &context)
        return true
    }

    /// The expand/contract type change: a new column kept in step by a trigger, a batched
    /// backfill, NOT NULL through a CHECK, consumers moved, and the old column dropped last.
    private func replaceColumn(_ table: QualifiedName, _ column: Identifier, target: SpecType, up: RowExpression?, down: RowExpression?,
                               current: Catalog.Column?, context: inout PlanContext) throws(PlanError) {
        let newColumn = try Self.replacementName(column, target: target, taken: context.columns(of: table), context: context)
        try context.changesShape(of: table)
        let typeName = SQLPrinter.print(target.typeName)
        // Without up/down, PL/pgSQL's assignment cast converts (noted, since it may fail at run time).
        let upValue = up ?? (try? RowExpression(SQLPrinter.identifier(column.name, forceQuotes: true)))
        let downValue = down ?? (try? RowExpression(SQLPrinter.identifier(newColumn.name, forceQuotes: true)))
        guard let upValue, let downValue else { throw context.invalid("type", "cannot build the conversion expressions") }
        if up == nil || down == nil {
            context.note(.warning, "no \(up == nil ? "up" : "down") expression for \(table.display).\(column.display): the sync trigger relies on PostgreSQL's assignment cast")
        }
        // In `up` the column's name means the old column; in `down` it means the new one.
        let upSQL = upValue.sql { name in ColumnRef([Name("new"), Name(name, quoted: true)]) }
        let downSQL = downValue.sql { name in
            ColumnRef([Name("new"), Name(name == column.name && down != nil ? newColumn.name : name, quoted: true)])
        }

        context.add(.expand, StepDraft(
            summary: "add \(newColumn.display) \(typeName), nullable and without a default: catalog only, no rewrite",
            table: table, statements: ["ALTER TABLE \(table) ADD COLUMN \(newColumn) \(target.sql)"],
            lock: .accessExclusive, rollback: ["ALTER TABLE \(table) DROP COLUMN IF EXISTS \(newColumn)"]))
        context.addedColumns[table, default: []].append(newColumn.name)

        // A write that already agrees with `up` (the backfill, or a writer setting both) leaves
        // the old column alone, so a lossy `down` can never rewrite existing old values.
        let body: SQL = """
              IF TG_OP = 'INSERT' THEN
                IF NEW.\(newColumn) IS NULL THEN
                  NEW.\(newColumn) := \(upSQL);
                ELSIF NEW.\(column) IS NULL OR NEW.\(newColumn) IS DISTINCT FROM \(upSQL) THEN
                  NEW.\(column) := \(downSQL);
                END IF;
              ELSIF NEW.\(column) IS DISTINCT FROM OLD.\(column) AND NEW.\(newColumn) IS NOT DISTINCT FROM OLD.\(newColumn) THEN
                NEW.\(newColumn) := \(upSQL);
              ELSIF NEW.\(newColumn) IS DISTINCT FROM OLD.\(newColumn) AND NEW.\(column) IS NOT DISTINCT FROM OLD.\(column)
                    AND NEW.\(newColumn) IS DISTINCT FROM \(upSQL) THEN
                NEW.\(column) := \(downSQL);
              END IF;
            """
        let gate = context.gate(table, columns: [column])
        // Dropped in the same contract step as the old column: between the two, a writer of the
        // new shape would leave the old NOT NULL column empty.
        let dropTrigger = try Patterns.trigger(
            table, name: [table.name.name, column.name, "sync"], body: body,
            summary: "dual write: a trigger keeps \(column.display) and \(newColumn.display) in step (up and down) from this moment on",
            gate: gate, dropInContract: false, context: &context)

        let backfillValue = upValue
        try Patterns.backfill(table, assignments: [(newColumn, backfillValue)],
                              summary: "backfill \(newColumn.display) from \(column.display) in batches of \(context.options.batchSize)",
                              context: &context)

        let notNull = nullable.map { !$0 } ?? (current.map { !$0.nullable } ?? false)
        if notNull { try Patterns.setNotNull(table, newColumn, in: .dualWrite, context: &context) }
        try copyIndexes(table, column, newColumn, context: &context)

        context.replacedColumns.append(.init(table: table, old: column, new: newColumn, synced: true))
        context.add(.contract, StepDraft(
            summary: "drop the sync trigger and the old \(column.display) together: lineage shows no consumer left",
            table: table, statements: dropTrigger + ["ALTER TABLE \(table) DROP COLUMN \(column)"],
            lock: .accessExclusive, rollback: nil, gate: gate))
        let defaultText = self.default ?? (dropDefault == true ? nil : current?.default?.expression)
        if let defaultText, let value = try? RowExpression(defaultText) {
            // The old default converts through `up`, as every old value does.
            let converted = self.default != nil ? value : (up.map { $0.substituting(column: column.name, with: value) } ?? value)
            context.add(.contract, StepDraft(
                summary: "give \(newColumn.display) its default, now that the trigger no longer fills it",
                table: table, statements: ["ALTER TABLE \(table) ALTER COLUMN \(newColumn) SET DEFAULT \(converted.sql())"],
                lock: .accessExclusive, rollback: nil, gate: gate))
        }
    }

    /// Plain-column indexes over the old column are rebuilt CONCURRENTLY over the new one.
    private func copyIndexes(_ table: QualifiedName, _ column: Identifier, _ newColumn: Identifier, context: inout PlanContext) throws(PlanError) {
        guard let catalogTable = context.catalog.table(table) else { return }
        for index in catalogTable.indexes where index.keys.contains(where: { $0.column == column }) {
            guard index.keys.allSatisfy({ $0.column != nil }), index.predicate == nil, index.include.isEmpty, !index.primary else {
                context.note(.warning, "index \(index.name.display) uses \(column.display) in an expression, predicate or INCLUDE: recreate it over \(newColumn.display) by hand")
                continue
            }
            let name = try Patterns.name([index.name.name.replacingOccurrences(of: column.name, with: newColumn.name) == index.name.name
                ? index.name.name + "_new" : index.name.name.replacingOccurrences(of: column.name, with: newColumn.name)], context: context)
            let keys = SQL.joined(index.keys.compactMap(\.column).map { key in key == column ? "\(newColumn)" : "\(key)" })
            let unique: SQL = index.unique ? "UNIQUE " : ""
            let method = try context.identifier(index.method, field: "index method")
            context.add(.dualWrite, StepDraft(
                summary: "build \(name.display) over \(newColumn.display) CONCURRENTLY, like \(index.name.display) over \(column.display)",
                table: table, statements: ["CREATE \(unique)INDEX CONCURRENTLY \(name) ON \(table) USING \(method) (\(keys))"],
                transactional: false, lock: .shareUpdateExclusive, work: .indexBuild,
                rollback: ["DROP INDEX CONCURRENTLY IF EXISTS \(QualifiedName(schema: table.schema, name: name))"]))
        }
    }

    /// `amount` → `amount_decimal`: the old name and the new type, unless taken.
    static func replacementName(_ column: Identifier, target: SpecType, taken: [String], context: PlanContext) throws(PlanError) -> Identifier {
        let suffix: String = switch target.columnType.base {
        case "numeric": "decimal"
        case "character varying": "varchar"
        case "timestamp with time zone": "timestamptz"
        case "timestamp without time zone": "timestamp"
        case "double precision": "double"
        default: target.columnType.base.replacingOccurrences(of: " ", with: "_")
        }
        var candidate = try Patterns.name([column.name, suffix], context: context)
        var counter = 1
        while taken.contains(candidate.name) {
            counter += 1
            candidate = try Patterns.name([column.name, suffix, String(counter)], context: context)
        }
        return candidate
    }

    private func changeNullability(_ table: QualifiedName, _ column: Identifier, nullable: Bool, context: inout PlanContext) throws(PlanError) {
        let current = context.catalogColumn(table, column)
        if nullable {
            guard current?.nullable != true else { return context.note(.info, "\(table.display).\(column.display) already allows NULL") }
            context.add(.expand, StepDraft(
                summary: "DROP NOT NULL on \(column.display): catalog only", table: table,
                statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) DROP NOT NULL"], lock: .accessExclusive,
                rollback: ["ALTER TABLE \(table) ALTER COLUMN \(column) SET NOT NULL"]))
            return
        }
        guard current?.nullable != false else { return context.note(.info, "\(table.display).\(column.display) is already NOT NULL") }
        let proven = context.catalog.table(table)?.constraints.contains { constraint in
            constraint.kind == .check && constraint.validated && Self.provesNotNull(constraint.checkExpression, column: column.name)
        } ?? false
        if proven || context.takesSimplePath(table) {
            context.add(.expand, StepDraft(
                summary: proven ? "SET NOT NULL on \(column.display): a validated CHECK already proves it, so there is no scan"
                    : "SET NOT NULL on \(column.display) directly: \(table.display) is empty or new",
                table: table, statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) SET NOT NULL"], lock: .accessExclusive,
                rollback: ["ALTER TABLE \(table) ALTER COLUMN \(column) DROP NOT NULL"]))
            return
        }
        try Patterns.setNotNull(table, column, in: .dualWrite, context: &context)
    }

    /// `col` or `col::type`: nothing a binary-coercible in-place change would skip.
    static func isPlainConversion(_ expression: RowExpression, of column: String) -> Bool {
        var e = expression.expression
        while true {
            switch e.kind {
            case .nested(let inner): e = inner
            case .cast(let cast): e = cast.value
            case .column(let ref): return ref.parts.count == 1 && ref.column.value == column
            default: return false
            }
        }
    }

    static func provesNotNull(_ check: String?, column: String) -> Bool {
        guard let check, let expression = try? Parser.parseExpression(check) else { return false }
        var e = expression
        while case .nested(let inner) = e.kind { e = inner }
        guard case .isTest(let value, let test) = e.kind, test == "NOT NULL", case .column(let ref) = value.kind else { return false }
        return ref.parts.count == 1 && ref.column.value == column
    }

    private func changeDefault(_ table: QualifiedName, _ column: Identifier, context: inout PlanContext) throws(PlanError) {
        let previous = context.catalogColumn(table, column)?.default.flatMap { try? RowExpression($0.expression) }
        let restore: [SQL] = [previous.map { "ALTER TABLE \(table) ALTER COLUMN \(column) SET DEFAULT \($0.sql())" }
            ?? "ALTER TABLE \(table) ALTER COLUMN \(column) DROP DEFAULT"]
        if let text = self.default {
            let value = try context.expression(text, field: "default")
            context.add(.expand, StepDraft(
                summary: "set the default of \(column.display) (new rows only; existing rows keep their values)", table: table,
                statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) SET DEFAULT \(value.sql())"], lock: .accessExclusive,
                rollback: restore))
        } else if dropDefault == true {
            context.add(.expand, StepDraft(
                summary: "drop the default of \(column.display)", table: table,
                statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) DROP DEFAULT"], lock: .accessExclusive,
                rollback: restore))
        }
    }
}

/// Type text from the catalog (`format_type`), re-parsed so it enters SQL through the printer.
enum ColumnTypeText {
    static func sql(_ text: String) -> SQL? {
        (try? Parser.parseType(text)).map { TrustedSQL.printed($0) }
    }
}
