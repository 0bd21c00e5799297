import Foundation
import KeelCore
import KeelPostgres
import PostgresNIO

/// Reads a ``MonitorSnapshot`` of a scope's objects. Read only, set-based: every count runs inside
/// PostgreSQL, and what comes back is bounded by the scope and by `pg_stat_statements.max`, never
/// by table size.
enum MonitorStats {
    /// Rows a sampled count aims to read.
    static let sampleTargetRows = 100_000.0

    static func read(_ scope: MonitorScope, thresholds: MonitorThresholds, on session: Session) async throws -> MonitorSnapshot {
        // Counting takes ACCESS SHARE: never queue long behind a migration's ACCESS EXCLUSIVE.
        try await session.execute("SET lock_timeout = '5s'")
        let names = scope.tables.map(\.quoted)
        let (statements, unavailable) = try await self.statements(scope, on: session)
        let tables = try await self.tables(names, on: session)
        let indexes = try await self.indexes(names, on: session)
        let columns = try await self.columns(scope, tables: tables, thresholds: thresholds, on: session)
        return MonitorSnapshot(takenAt: Date(), statementsUnavailable: unavailable, statements: statements, tables: tables,
                               indexes: indexes, columns: columns)
    }

    // MARK: pg_stat_statements

    /// The entries that reference a touched table, or why pg_stat_statements cannot be read.
    static func statements(_ scope: MonitorScope, on session: Session) async throws -> ([MonitorSnapshot.Statement], String?) {
        let database = session.config.database
        let schemas = try await session.collect("""
            SELECT n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'pg_stat_statements'
            """) { try $0.decode(String.self) }
        // pg_settings hides the row from a role without pg_read_all_settings: then it is unknown.
        let preload = try await session.collect("SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'") { try $0.decode(String.self) }
        let preloaded = preload.first.map { setting in
            setting.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\"'"))) == "pg_stat_statements" }
        }
        guard let schema = schemas.first else {
            return ([], StatementsHelp.missing(database: database, preloaded: preloaded))
        }
        let view = try QualifiedName(schema: schema, name: "pg_stat_statements")
        // Queries that reach a touched table through a view (the rollout's versioned views) count too.
        let relations = scope.tables + (try await views(over: scope.tables.map(\.quoted), on: session))
        var binds = PostgresBindings()
        // A coarse prefilter (the token match below decides): the name as a substring, LIKE-escaped.
        // A quoted name shows its `"` doubled in the text.
        binds.append(relations.flatMap { relation in
            let escaped = relation.name.name.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            return Set([escaped, escaped.replacingOccurrences(of: "\"", with: "\"\"")]).sorted().map { "%" + $0 + "%" }
        })
        let rows: [(String, String, Int64, Double, Double, Int64)]
        do {
            rows = try await session.collect("""
                SELECT queryid::text, min(query) AS keel_monitor_query, sum(calls)::bigint, sum(total_exec_time)::float8,
                       max(max_exec_time)::float8, sum(rows)::bigint
                FROM \(view)
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
                  AND query ILIKE ANY ($1::text[])
                GROUP BY queryid
                """, binds: binds) { try $0.decode((String, String, Int64, Double, Double, Int64).self) }
        } catch PostgresLayerError.server(let state, let message, _, _, _) where state == "55000" || state == "42501" {
            return ([], StatementsHelp.unreadable(database: database, reason: message, preloaded: preloaded))
        }
        let statements = rows.compactMap { row -> MonitorSnapshot.Statement? in
            guard !StatementMatch.tables(in: row.1, among: relations).isEmpty else { return nil }
            return MonitorSnapshot.Statement(queryID: row.0, query: row.1, calls: row.2, totalMilliseconds: row.3,
                                             maxMilliseconds: row.4, rows: row.5)
        }
        return (statements, nil)
    }

    /// The views whose rules read one of `names`, directly.
    static func views(over names: [String], on session: Session) async throws -> [QualifiedName] {
        var binds = PostgresBindings()
        binds.append(names)
        return try await session.collect("""
            SELECT DISTINCT n.nspname::text, v.relname::text
            FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
            JOIN pg_namespace n ON n.oid = v.relnamespace
            WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND v.oid <> d.refobjid
              AND d.refobjid IN (SELECT to_regclass(name) FROM unnest($1::text[]) AS name)
            """, binds: binds) { row in
            let (schema, name) = try row.decode((String, String).self)
            return try QualifiedName(schema: schema, name: name)
        }
    }

    // MARK: Tables and indexes

    static func tables(_ names: [String], on session: Session) async throws -> [MonitorSnapshot.Table] {
        var binds = PostgresBindings()
        binds.append(names)
        return try await session.collect("""
            SELECT n.nspname::text, c.relname::text, GREATEST(c.reltuples, 0)::bigint, coalesce(s.seq_scan, 0),
                   coalesce(s.seq_tup_read, 0), coalesce(s.idx_scan, 0)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.oid IN (SELECT to_regclass(name) FROM unnest($1::text[]) AS name)
            """, binds: binds) { row in
            let (schema, table, rows, seqScan, seqTupRead, idxScan) = try row.decode((String, String, Int64, Int64, Int64, Int64).self)
            return MonitorSnapshot.Table(table: try QualifiedName(schema: schema, name: table).display, estimatedRows: rows,
                                         seqScan: seqScan, seqTupRead: seqTupRead, idxScan: idxScan)
        }
    }

    static func indexes(_ names: [String], on session: Session) async throws -> [MonitorSnapshot.Index] {
        var binds = PostgresBindings()
        binds.append(names)
        return try await session.collect("""
            SELECT n.nspname::text, t.relname::text, i.relname::text, x.indisvalid, coalesce(s.idx_scan, 0),
                   ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) AS k JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k
                         WHERE k > 0)::text[],
                   pg_get_indexdef(x.indexrelid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = x.indexrelid
            WHERE t.oid IN (SELECT to_regclass(name) FROM unnest($1::text[]) AS name)
            """, binds: binds) { row in
            let (schema, table, index, valid, scans, columns, definition) = try row.decode((String, String, String, Bool, Int64, [String], String).self)
            return MonitorSnapshot.Index(table: try QualifiedName(schema: schema, name: table).display,
                                         name: index,
                                         valid: valid, scans: scans, columns: columns, definition: definition)
        }
    }

    // MARK: Data health

    /// Rows and nulls of each scope column, under its old name while that exists (until the
    /// contract, the old column is the source of truth and the new one may still be backfilling),
    /// else under its new one. Big tables (estimated rows above `sampleAboveRows`) are sampled with TABLESAMPLE SYSTEM.
    static func columns(_ scope: MonitorScope, tables: [MonitorSnapshot.Table], thresholds: MonitorThresholds,
                        on session: Session) async throws -> [MonitorSnapshot.ColumnMeasure] {
        var result: [MonitorSnapshot.ColumnMeasure] = []
        // Monitor's own counts must not show up as sequential scans in the next check. Only a
        // superuser may turn the counters off; otherwise each count adds one scan per column.
        do { try await session.execute("SET track_counts = off") } catch PostgresLayerError.server(sqlState: "42501", _, _, _, _) {}
        var existing: [QualifiedName: Set<String>] = [:]
        for column in scope.columns {
            if existing[column.table] == nil { existing[column.table] = try await columnNames(column.table, on: session) }
            let present = existing[column.table] ?? []
            guard let name = [column.old, column.new].first(where: { present.contains($0.name) }) else { continue }
            let estimated = tables.first { $0.table == column.table.display }?.estimatedRows ?? 0
            let measure: MonitorReport.Measure
            if estimated > thresholds.sampleAboveRows {
                let percent = min(100, max(0.01, 100 * sampleTargetRows / Double(estimated)))
                let hundredths = Int((percent * 100).rounded(.up))
                let (rows, values) = try await session.one("""
                    SELECT count(*) AS keel_monitor_rows, count(\(name)) AS keel_monitor_values
                    FROM \(column.table) TABLESAMPLE SYSTEM (\(literal: hundredths) / 100.0)
                    """) { try $0.decode((Int64, Int64).self) }
                measure = MonitorReport.Measure(column: name.name, rows: estimated, nulls: rows - values,
                                                samplePercent: Double(hundredths) / 100, sampledRows: rows)
            } else {
                let (rows, values) = try await session.one("""
                    SELECT count(*) AS keel_monitor_rows, count(\(name)) AS keel_monitor_values FROM \(column.table)
                    """) { try $0.decode((Int64, Int64).self) }
                measure = MonitorReport.Measure(column: name.name, rows: rows, nulls: rows - values)
            }
            result.append(MonitorSnapshot.ColumnMeasure(table: column.table.display, column: column.old.name, measure: measure))
        }
        return result
    }

    static func columnNames(_ table: QualifiedName, on session: Session) async throws -> Set<String> {
        var binds = PostgresBindings()
        binds.append(table.quoted)
        return Set(try await session.collect("""
            SELECT attname::text FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped
            """, binds: binds) { try $0.decode(String.self) })
    }
}

/// How to enable pg_stat_statements, said exactly. Keel never creates the extension on a target.
enum StatementsHelp {
    static let fallback = "query performance is skipped; index and data health are still checked"
    static let preload = "add it to shared_preload_libraries in postgresql.conf (shared_preload_libraries = 'pg_stat_statements') and restart PostgreSQL"

    /// `preloaded` is nil when this role may not read shared_preload_libraries.
    static func missing(database: String, preloaded: Bool?) -> String {
        let install = "run CREATE EXTENSION pg_stat_statements; in database \(database) (needs CREATE on it), then take a new snapshot"
        return switch preloaded {
        case true?: "pg_stat_statements is loaded but not installed in database \(database): \(install); \(fallback)"
        case false?: "pg_stat_statements is not enabled: \(preload), then \(install); \(fallback)"
        case nil: "pg_stat_statements is not installed in database \(database): unless it is already loaded, \(preload); then \(install); \(fallback)"
        }
    }

    static func unreadable(database: String, reason: String, preloaded: Bool?) -> String {
        preloaded == false
            ? "pg_stat_statements is installed in database \(database) but not loaded (\(reason)): \(preload); \(fallback)"
            : "pg_stat_statements cannot be read in database \(database) (\(reason)): if it is not loaded, \(preload); if this role lacks the right, grant it pg_read_all_stats; \(fallback)"
    }
}
