import KeelCore

/// A table whose columns the spec adds, replaces, renames or drops, or which it renames.
struct ShapeChange {
    var table: QualifiedName
    /// The operation that first changed it.
    var operation: Int
    var versions: VersionedViews.Versions
    /// An earlier change published the old version's view of this table already.
    var oldViewExists: Bool
    var dropped: [String] = []
    var renamedTo: Identifier?
}

/// Versioned view schemas for blue/green: `<schema>_v<N>` holds one view per changed table in
/// that version's shape, so old and new application versions run side by side, each with its
/// own `search_path` (`public_v1, public` or `public_v2, public`; untouched tables resolve
/// through the fallback). N comes from the catalog: the highest Keel version schema plus one for
/// the new shape, and the old shape goes in the previous number unless it is published already.
///
/// The views are plain column lists over one table, so PostgreSQL keeps them auto-updatable and
/// both versions keep writing (the dual-write trigger fills the other shape's columns); on 15+
/// they check the caller's privileges (`security_invoker`). Expand publishes both, the contract
/// retires the old one before any column it reads goes, and a cutover step in migrate-consumers
/// moves the database's default `search_path` to the new version, reversibly.
enum VersionedViews {
    /// How a version schema's comment starts; a schema named like one without it is not Keel's.
    static let marker = "keel: version"

    struct Versions: Equatable {
        var old: Identifier
        var new: Identifier
        var oldNumber: Int
        var newNumber: Int
        /// The old version's schema is in the catalog (an earlier change created it).
        var oldSchemaExists: Bool
    }

    static func versions(of schema: Identifier, context: PlanContext) throws(PlanError) -> Versions {
        let prefix = schema.name + "_v"
        var highest = 0
        for candidate in context.catalog.schemas where candidate.name.name.hasPrefix(prefix) {
            let digits = candidate.name.name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }), let number = Int(digits) else { continue }
            guard candidate.comment?.hasPrefix(marker) == true else {
                throw .versionSchemaTaken(index: context.operationIndex, operation: context.operationName,
                                          schema: candidate.name.display, line: context.line)
            }
            highest = max(highest, number)
        }
        let oldNumber = max(highest, 1)
        let old = try name(schema, oldNumber, context: context)
        return Versions(old: old, new: try name(schema, oldNumber + 1, context: context), oldNumber: oldNumber,
                        newNumber: oldNumber + 1, oldSchemaExists: context.catalog.schemas.contains { $0.name == old })
    }

    static func name(_ schema: Identifier, _ number: Int, context: PlanContext) throws(PlanError) -> Identifier {
        try Patterns.name([schema.name, "v\(number)"], context: context)
    }

    /// Drops a version's view, then its schema if nothing else is left in it.
    static func unpublish(_ view: QualifiedName) -> [SQL] {
        let body: SQL = "BEGIN DROP SCHEMA IF EXISTS \(view.schema); EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END"
        let tag = TrustedSQL.dollarTag(for: body)
        return ["DROP VIEW IF EXISTS \(view)", "DO \(tag) \(body) \(tag)"]
    }

    /// The expand steps: both versions' views of every changed table, after every column exists.
    static func publish(_ context: inout PlanContext) throws(PlanError) {
        let invoker: SQL = (context.catalog.source?.majorVersion ?? 0) >= 15 ? " WITH (security_invoker = true)" : ""
        var commented: Set<Identifier> = []
        func schemaStatements(_ version: Identifier, _ number: Int, of schema: Identifier, exists: Bool) -> [SQL] {
            var statements: [SQL] = ["CREATE SCHEMA IF NOT EXISTS \(version)"]
            // An existing version schema keeps its comment: it may record a cutover.
            if !exists, commented.insert(version).inserted {
                statements.append("COMMENT ON SCHEMA \(version) IS \(literal: "\(marker) \(number) of \(schema.name)")")
            }
            return statements
        }
        for change in context.shapeChanges {
            context.operationIndex = change.operation
            let table = change.table
            let versions = change.versions
            let columns = context.catalog.table(table)?.columns.map(\.name) ?? []
            if !change.oldViewExists {
                let view = QualifiedName(schema: versions.old, name: table.name)
                context.add(.expand, StepDraft(
                    summary: "publish \(table.display) as it is now as \(view.display): old application versions read and write "
                        + "the old shape through it (search_path \(versions.old.display), \(table.schema.display))",
                    table: table,
                    statements: schemaStatements(versions.old, versions.oldNumber, of: table.schema, exists: versions.oldSchemaExists)
                        + ["CREATE OR REPLACE VIEW \(view)\(invoker) AS SELECT \(SQL.joined(columns.map { "\($0)" })) FROM \(table)"],
                    lock: .accessShare,
                    rollback: unpublish(view)))
            }
            let view = QualifiedName(schema: versions.new, name: change.renamedTo ?? table.name)
            context.add(.expand, StepDraft(
                summary: "publish the new shape of \(table.display) as \(view.display): new application versions use it "
                    + "(search_path \(versions.new.display), \(table.schema.display))",
                table: table,
                statements: schemaStatements(versions.new, versions.newNumber, of: table.schema, exists: false)
                    + ["CREATE OR REPLACE VIEW \(view)\(invoker) AS SELECT \(SQL.joined(newShape(change, columns: columns, context: context))) FROM \(table)"],
                lock: .accessShare,
                rollback: unpublish(view)))
        }
    }

    /// The new version's select list: replaced columns under their old name, renamed ones under
    /// the new, dropped ones left out and added ones last. A replacement column (`amount_decimal`)
    /// also shows under its own name, the one consumer patches use, so a patched consumer keeps
    /// working when the cutover moves it onto this version.
    static func newShape(_ change: ShapeChange, columns: [Identifier], context: PlanContext) -> [SQL] {
        let replacements = context.replacedColumns.filter { $0.table == change.table }
        func item(_ column: Identifier) -> SQL {
            guard let replacement = replacements.first(where: { $0.old == column }) else { return "\(column)" }
            return replacement.synced ? "\(replacement.new) AS \(column)" : "\(column) AS \(replacement.new)"
        }
        var items = columns.filter { !change.dropped.contains($0.name) }.map(item)
        for name in context.addedColumns[change.table] ?? [] where !change.dropped.contains(name) {
            if let column = try? Identifier(name) { items.append(item(column)) }
        }
        return items
    }

    /// The migrate-consumers step that makes the new version the database's default for new
    /// sessions: the version schemas go in front of the search_path new sessions get today
    /// (`reset_val`: the database's, the role's or the server's default), so schemas an
    /// application relies on stay in its path. The value it replaces is kept in the new version
    /// schema's comment, so rollback restores exactly that (or RESETs it when none was set).
    static func cutover(_ context: inout PlanContext) {
        guard let first = context.shapeChanges.first else { return }
        context.operationIndex = first.operation
        var path: [String] = []
        var shown: [String] = []
        for change in context.shapeChanges where !path.contains(change.versions.new.quoted) {
            path += [change.versions.new.quoted, change.table.schema.quoted]
            shown += [change.versions.new.display, change.table.schema.display]
        }
        let record = first.versions.new
        let set: SQL = """
            DECLARE
              note text := coalesce(obj_description(to_regnamespace(\(literal: record.quoted)), 'pg_namespace'), \(literal: "\(marker)"));
              previous text;
              here text := current_setting('search_path');
              base text := (SELECT reset_val FROM pg_catalog.pg_settings WHERE name = 'search_path');
              wanted text := \(literal: path.joined(separator: ", "));
            BEGIN
              IF split_part(note, E'\\n', 2) = '' THEN
                SELECT s INTO previous FROM pg_db_role_setting d CROSS JOIN LATERAL unnest(d.setconfig) AS s
                  WHERE d.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND d.setrole = 0
                    AND s LIKE 'search_path=%';
                EXECUTE format('COMMENT ON SCHEMA %I IS %L', \(literal: record.name), note || E'\\n' || coalesce(previous, 'search_path unset'));
              END IF;
              -- A rerun (after a crash) finds the versions already in front: it leaves the path as it is.
              PERFORM set_config('search_path', CASE WHEN position(wanted IN base) = 1 OR base = '' THEN coalesce(nullif(base, ''), wanted)
                                                     ELSE wanted || ', ' || base END, true);
              EXECUTE format('ALTER DATABASE %I SET search_path FROM CURRENT', current_database());
              PERFORM set_config('search_path', here, true);
            END
            """
        let restore: SQL = """
            DECLARE
              note text := coalesce(obj_description(to_regnamespace(\(literal: record.quoted)), 'pg_namespace'), '');
              previous text := split_part(note, E'\\n', 2);
              here text := current_setting('search_path');
            BEGIN
              IF previous = '' THEN RETURN; END IF;
              IF previous LIKE 'search_path=%' THEN
                PERFORM set_config('search_path', substr(previous, 13), true);
                EXECUTE format('ALTER DATABASE %I SET search_path FROM CURRENT', current_database());
                PERFORM set_config('search_path', here, true);
              ELSE
                EXECUTE format('ALTER DATABASE %I RESET search_path', current_database());
              END IF;
              EXECUTE format('COMMENT ON SCHEMA %I IS %L', \(literal: record.name), split_part(note, E'\\n', 1));
            END
            """
        let setTag = TrustedSQL.dollarTag(for: set)
        let restoreTag = TrustedSQL.dollarTag(for: restore)
        context.add(.migrateConsumers, StepDraft(
            summary: "cutover: new sessions default to search_path \(shown.joined(separator: ", ")); applications that pin a version "
                + "with SET search_path keep it, and rollback restores the previous default",
            table: nil,
            statements: ["DO \(setTag)\n\(set)\n\(setTag)"],
            lock: .none,
            rollback: ["DO \(restoreTag)\n\(restore)\n\(restoreTag)"]))
    }
}

extension PlanContext {
    /// Records that the current operation changes `table`'s shape. A table this spec creates has
    /// no old version, and one on the simple path (empty or small) changes at once, with no
    /// transition to serve, unless the change waits for the contract anyway (`untilContract`:
    /// renames and drops). The first time, the table's contract starts by retiring its old-version
    /// view, before any column that view reads is dropped; the statements are the publishing
    /// step's rollback, so a rollback after the contract (with retention) publishes it again.
    mutating func changesShape(of table: QualifiedName, untilContract: Bool = false,
                               _ update: (inout ShapeChange) -> Void = { _ in }) throws(PlanError) {
        guard createdTables[table] == nil, untilContract || !takesSimplePath(table) else { return }
        if let index = shapeChanges.firstIndex(where: { $0.table == table }) {
            update(&shapeChanges[index])
            return
        }
        let versions = try VersionedViews.versions(of: table.schema, context: self)
        let oldView = QualifiedName(schema: versions.old, name: table.name)
        var change = ShapeChange(table: table, operation: operationIndex, versions: versions,
                                 oldViewExists: catalog.views.contains { $0.qualifiedName == oldView })
        update(&change)
        shapeChanges.append(change)
        if change.oldViewExists {
            note(.warning, "\(oldView.display) was published by an earlier change: the contract drops it, and a rollback after the contract does not bring it back")
        }
        add(.contract, StepDraft(
            summary: "retire \(oldView.display), the old version's view: no old application version is left",
            table: table,
            statements: change.oldViewExists ? ["DROP VIEW IF EXISTS \(oldView)"] : VersionedViews.unpublish(oldView),
            lock: .none, rollback: nil))
    }
}
