import Crypto
import Foundation
import KeelCore
import KeelSQL

/// The safe patterns operations share: NOT NULL through a CHECK, NOT VALID then VALIDATE,
/// sync triggers, batched backfills and derived object names.
enum Patterns {
    /// A name derived from parts, cut to PostgreSQL's 63 bytes with a short hash when too long,
    /// so two long names never collide after truncation.
    static func name(_ parts: [String], context: PlanContext) throws(PlanError) -> Identifier {
        let full = parts.joined(separator: "_")
        var text = full
        if full.utf8.count > Identifier.maximumByteCount {
            let digest = SHA256.hash(data: Data(full.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
            var prefix = ""
            for character in full {
                if (prefix + String(character)).utf8.count > Identifier.maximumByteCount - 9 { break }
                prefix.append(character)
            }
            text = prefix + "_" + digest
        }
        do {
            return try Identifier(text)
        } catch {
            throw context.invalid("name", "cannot derive an object name from \(parts): \(error.message)")
        }
    }

    /// CHECK (col IS NOT NULL) NOT VALID → VALIDATE → SET NOT NULL → DROP CHECK: only the first and
    /// the last two take ACCESS EXCLUSIVE, and only briefly; the scan runs under SHARE UPDATE EXCLUSIVE.
    static func setNotNull(_ table: QualifiedName, _ column: Identifier, in phase: MigrationPlan.PhaseKind,
                           context: inout PlanContext) throws(PlanError) {
        let check = try name([table.name.name, column.name, "not_null"], context: context)
        context.add(phase, StepDraft(
            summary: "add CHECK (\(column.display) IS NOT NULL) NOT VALID: new writes are checked, existing rows are not read",
            table: table,
            statements: ["ALTER TABLE \(table) ADD CONSTRAINT \(check) CHECK (\(column) IS NOT NULL) NOT VALID"],
            lock: .accessExclusive,
            rollback: ["ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(check)"]))
        context.add(phase, StepDraft(
            summary: "validate the CHECK: scans \(table.display) without blocking reads or writes",
            table: table,
            statements: ["ALTER TABLE \(table) VALIDATE CONSTRAINT \(check)"],
            lock: .shareUpdateExclusive, work: .scan,
            rollback: []))
        context.add(phase, StepDraft(
            summary: "SET NOT NULL on \(column.display): the validated CHECK proves it, so PostgreSQL skips the scan",
            table: table,
            statements: ["ALTER TABLE \(table) ALTER COLUMN \(column) SET NOT NULL",
                         "ALTER TABLE \(table) DROP CONSTRAINT \(check)"],
            lock: .accessExclusive,
            rollback: ["ALTER TABLE \(table) ALTER COLUMN \(column) DROP NOT NULL"]))
    }

    /// ADD CONSTRAINT … NOT VALID, then VALIDATE: the constraint protects new writes at once, and
    /// existing rows are checked under a lock that lets reads and writes through.
    static func addValidated(_ table: QualifiedName, _ constraint: Identifier, definition: SQL, lock: LockLevel,
                             summary: String, in phase: MigrationPlan.PhaseKind, validateIn validatePhase: MigrationPlan.PhaseKind,
                             context: inout PlanContext) {
        context.add(phase, StepDraft(
            summary: "add \(summary) NOT VALID: checks new writes only",
            table: table,
            statements: ["ALTER TABLE \(table) ADD CONSTRAINT \(constraint) \(definition) NOT VALID"],
            lock: lock,
            rollback: ["ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(constraint)"]))
        context.add(validatePhase, StepDraft(
            summary: "validate \(constraint.display): scans \(table.display) without blocking writes",
            table: table,
            statements: ["ALTER TABLE \(table) VALIDATE CONSTRAINT \(constraint)"],
            lock: .shareUpdateExclusive, work: .scan,
            rollback: []))
    }

    /// A keyset-batched backfill of `assignments` (column := expression over the row).
    /// `onlyNull` fills rows where the column is NULL (a new column; a volatile fill would never
    /// compare equal); otherwise rows whose value differs from the expression are updated.
    static func backfill(_ table: QualifiedName, assignments: [(Identifier, RowExpression)], onlyNull: Bool = false, summary: String,
                         context: inout PlanContext) throws(PlanError) {
        let row = Name("keel_row")
        func overRow(_ expression: RowExpression) -> SQL {
            expression.sql { column in ColumnRef([row, Name(column, quoted: true)]) }
        }
        let sets = SQL.joined(assignments.map { column, expression in "\(column) = \(overRow(expression))" })
        let differs = SQL.joined(assignments.map { column, expression in
            onlyNull ? "keel_row.\(column) IS NULL" : "keel_row.\(column) IS DISTINCT FROM (\(overRow(expression)))"
        }, separator: " OR ")
        // `= ANY (ARRAY(…))` makes the UPDATE probe the primary key for the batch's keys; a join
        // with the batch lets PostgreSQL hash-join a scan of the whole table, once per batch.
        // The last key is read by ORDER BY, as `max()` does not exist for every key type (uuid).
        guard let (key, keyTypeText) = context.backfillKey(table), let keyType = SpecType(keyTypeText) else {
            return try pageBackfill(table, sets: sets, differs: differs, summary: summary, context: &context)
        }
        let batch: SQL = """
            WITH batch AS (SELECT \(key) FROM \(table) WHERE $1::\(keyType.sql) IS NULL OR \(key) > $1::\(keyType.sql) ORDER BY \(key) LIMIT $2), \
            updated AS (UPDATE \(table) AS keel_row SET \(sets) WHERE keel_row.\(key) = ANY (ARRAY(SELECT \(key) FROM batch)) AND (\(differs)) RETURNING 1) \
            SELECT (SELECT \(key) FROM batch ORDER BY \(key) DESC LIMIT 1)::text AS last_key, (SELECT count(*) FROM updated) AS updated
            """
        let remaining: SQL = "SELECT count(*) FROM \(table) AS keel_row WHERE \(differs)"
        context.add(.backfill, StepDraft(
            summary: summary,
            table: table,
            statements: [],
            transactional: false,
            lock: .rowExclusive, work: .backfill,
            rollback: [],
            backfill: MigrationPlan.Backfill(table: table, key: key, keyType: SQLPrinter.print(keyType.typeName),
                                             batchSize: context.options.batchSize, batch: batch, remaining: remaining),
            timeouts: false))
    }

    /// The fallback for a table without a single-column primary key: batches of heap pages,
    /// `ctid >= '(p,0)' AND ctid < '(p+k,0)'` (a TID range scan), with k from the batch's row
    /// count and the table's rows per page. The cursor is the last page done, as `(p,65535)`,
    /// so the rollout's key range logic walks pages like keys. A row an application moves behind
    /// the cursor before it is filled is caught by the final `remaining` count and another pass.
    static func pageBackfill(_ table: QualifiedName, sets: SQL, differs: SQL, summary: String,
                             context: inout PlanContext) throws(PlanError) {
        guard let ctid = try? Identifier("ctid") else { throw context.invalid("table", "cannot name the ctid column") }
        let relation: SQL = "\(literal: table.quoted)::regclass"
        let first: SQL = "coalesce(((($1::text)::point)[0])::bigint + 1, 0)"
        let pages: SQL = """
            (SELECT greatest(1, ceil($2::float8 / CASE WHEN c.reltuples > 0 AND c.relpages > 0 THEN c.reltuples::float8 / c.relpages ELSE 50 END))::bigint \
            FROM pg_class c WHERE c.oid = \(relation))
            """
        let end: SQL = "pg_relation_size(\(relation)) / current_setting('block_size')::bigint"
        let batch: SQL = """
            WITH updated AS (UPDATE \(table) AS keel_row SET \(sets) \
            WHERE keel_row.ctid >= format('(%s,0)', \(first))::tid AND keel_row.ctid < format('(%s,0)', \(first) + \(pages))::tid \
            AND (\(differs)) RETURNING 1) \
            SELECT CASE WHEN \(first) >= \(end) THEN NULL ELSE format('(%s,65535)', \(first) + \(pages) - 1) END AS last_key, \
            (SELECT count(*) FROM updated) AS updated
            """
        let remaining: SQL = "SELECT count(*) FROM \(table) AS keel_row WHERE \(differs)"
        context.note(.info, "\(table.display) has no single-column primary key: its backfill walks heap pages (ctid ranges) instead of keys")
        context.add(.backfill, StepDraft(
            summary: summary + " (by heap page: no single-column primary key)",
            table: table,
            statements: [],
            transactional: false,
            lock: .rowExclusive, work: .backfill,
            rollback: [],
            backfill: MigrationPlan.Backfill(table: table, key: ctid, keyType: "tid",
                                             batchSize: context.options.batchSize, batch: batch, remaining: remaining),
            timeouts: false))
    }

    /// A dollar-quote tag that does not occur in `body`.
    static func dollarTag(for body: String) -> String {
        var tag = "$keel$"
        var counter = 0
        while body.contains(tag) {
            counter += 1
            tag = "$keel\(counter)$"
        }
        return tag
    }
}

extension Patterns {
    /// A BEFORE INSERT OR UPDATE row trigger with a PL/pgSQL body, created in expand and dropped
    /// in contract (after the old structure has no writer left).
    /// Returns the statements that drop it; with `dropInContract: false` the caller puts them in
    /// its own contract step (so the trigger and the column it fills go in one transaction).
    @discardableResult
    static func trigger(_ table: QualifiedName, name base: [String], body: SQL, summary: String, gate: MigrationPlan.Gate?,
                        dropInContract: Bool = true, context: inout PlanContext) throws(PlanError) -> [SQL] {
        let function = QualifiedName(schema: table.schema, name: try name(["keel"] + base, context: context))
        let trigger = try name(["keel"] + base, context: context)
        let tag = TrustedSQL.dollarTag(for: body)
        let drop: [SQL] = ["DROP TRIGGER IF EXISTS \(trigger) ON \(table)", "DROP FUNCTION IF EXISTS \(function)()"]
        context.add(.expand, StepDraft(
            summary: summary,
            table: table,
            statements: [
                "CREATE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS \(tag)\nBEGIN\n\(body)\n  RETURN NEW;\nEND\n\(tag)",
                "CREATE TRIGGER \(trigger) BEFORE INSERT OR UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(function)()",
            ],
            lock: .shareRowExclusive,
            rollback: drop))
        if dropInContract {
            context.add(.contract, StepDraft(
                summary: "drop the trigger \(trigger.display) and its function: the old structure is no longer kept in step",
                table: table, statements: drop, lock: .shareRowExclusive, rollback: nil, gate: gate))
        }
        return drop
    }

    /// A unique index built CONCURRENTLY, then attached as a UNIQUE or PRIMARY KEY constraint
    /// (`USING INDEX` takes ACCESS EXCLUSIVE only for the catalog update).
    static func addUnique(_ table: QualifiedName, constraint: Identifier, columns: [Identifier], primaryKey: Bool,
                          context: inout PlanContext) throws(PlanError) {
        let list = SQL.joined(columns.map { "\($0)" })
        let index = QualifiedName(schema: table.schema, name: constraint)
        if context.takesSimplePath(table) {
            let kind: SQL = primaryKey ? "PRIMARY KEY" : "UNIQUE"
            context.add(.expand, StepDraft(
                summary: "add \(primaryKey ? "the primary key" : "UNIQUE") \(constraint.display) directly: \(table.display) is empty or new",
                table: table, statements: ["ALTER TABLE \(table) ADD CONSTRAINT \(constraint) \(kind) (\(list))"],
                lock: .accessExclusive, work: .indexBuild,
                rollback: ["ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(constraint)"]))
            return
        }
        context.add(.expand, StepDraft(
            summary: "build the unique index \(constraint.display) CONCURRENTLY: reads and writes continue",
            table: table, statements: ["CREATE UNIQUE INDEX CONCURRENTLY \(constraint) ON \(table) (\(list))"],
            transactional: false, lock: .shareUpdateExclusive, work: .indexBuild,
            rollback: ["DROP INDEX CONCURRENTLY IF EXISTS \(index)"]))
        let kind: SQL = primaryKey ? "PRIMARY KEY" : "UNIQUE"
        context.add(.dualWrite, StepDraft(
            summary: "attach it as \(primaryKey ? "the primary key" : "a UNIQUE constraint") (catalog only)",
            table: table, statements: ["ALTER TABLE \(table) ADD CONSTRAINT \(constraint) \(kind) USING INDEX \(constraint)"],
            lock: .accessExclusive,
            rollback: ["ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(constraint)"]))
    }

    /// `ON DELETE …` / `ON UPDATE …` from spec text.
    static func referentialAction(_ text: String?, field: String, context: PlanContext) throws(PlanError) -> SQL? {
        guard let text else { return nil }
        switch text.lowercased().split(separator: " ").joined(separator: " ") {
        case "no action": return "NO ACTION"
        case "restrict": return "RESTRICT"
        case "cascade": return "CASCADE"
        case "set null": return "SET NULL"
        case "set default": return "SET DEFAULT"
        default: throw context.invalid(field, "'\(text)' is not one of: no action, restrict, cascade, set null, set default")
        }
    }
}
