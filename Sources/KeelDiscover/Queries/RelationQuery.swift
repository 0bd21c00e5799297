import Foundation
import KeelCore
import PostgresNIO

/// Tables, partitioned and foreign tables, views and materialized views, with their statistics.
enum RelationQuery {
    struct Row {
        var oid: Int64
        var schema: String
        var name: String
        var relkind: String
        var persistence: String
        var replicaIdentity: String
        var rowLevelSecurity: Bool
        var options: [String]
        var partitionKey: String?
        var partitionBound: String?
        var parentSchemas: [String]
        var parentNames: [String]
        var foreignServer: String?
        var viewDefinition: String?
        var comment: String?
        var rowEstimate: Double
        var tableBytes: Int64
        var totalBytes: Int64
        var lastVacuum: Date?
        var lastAutovacuum: Date?
        var lastAnalyze: Date?
        var lastAutoanalyze: Date?
        var sequentialScans: Int64
    }

    // Sizes come from relpages (as of the last VACUUM, ANALYZE or index build), not from
    // pg_relation_size: that opens every relation, taking an AccessShareLock that would queue
    // behind a production ALTER TABLE, and costs a relcache build and file stats per table.
    static let sql: SQL = """
        SELECT c.oid::int8, n.nspname::text, c.relname::text, c.relkind::text, c.relpersistence::text,
               c.relreplident::text, c.relrowsecurity, COALESCE(c.reloptions, '{}')::text[],
               CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
               COALESCE(par.schemas, '{}'), COALESCE(par.names, '{}'),
               fs.srvname::text,
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END,
               d.description,
               c.reltuples::float8, c.relpages::int8 * bs.size,
               (c.relpages::int8 + COALESCE(toast.relpages, 0) + COALESCE(ix.pages, 0)) * bs.size,
               pg_catalog.pg_stat_get_last_vacuum_time(c.oid), pg_catalog.pg_stat_get_last_autovacuum_time(c.oid),
               pg_catalog.pg_stat_get_last_analyze_time(c.oid), pg_catalog.pg_stat_get_last_autoanalyze_time(c.oid),
               pg_catalog.pg_stat_get_numscans(c.oid)
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN (SELECT current_setting('block_size')::int8 AS size) bs
        LEFT JOIN pg_catalog.pg_class toast ON toast.oid = c.reltoastrelid
        LEFT JOIN (
            SELECT i.indrelid, sum(ic.relpages)::int8 AS pages
            FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            GROUP BY i.indrelid
        ) ix ON ix.indrelid = c.oid
        LEFT JOIN (
            SELECT i.inhrelid,
                   array_agg(pn.nspname::text ORDER BY i.inhseqno) AS schemas,
                   array_agg(pc.relname::text ORDER BY i.inhseqno) AS names
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
            JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
            GROUP BY i.inhrelid
        ) par ON par.inhrelid = c.oid
        LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
        LEFT JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
        LEFT JOIN pg_catalog.pg_description d
               ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
        WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
          AND \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_class'", oid: "c.oid"))
        """

    static func decode(_ row: PostgresRow) throws -> Row {
        let (oid, schema, name, relkind, persistence, replident, rls, options, partKey, partBound, parentSchemas,
             parentNames, server, viewdef, comment, reltuples, tableBytes, totalBytes, lastVacuum, lastAutovacuum,
             lastAnalyze, lastAutoanalyze, seqScans) = try row.decode(
            (Int64, String, String, String, String, String, Bool, [String], String?, String?, [String], [String],
             String?, String?, String?, Double, Int64, Int64, Date?, Date?, Date?, Date?, Int64).self)
        return Row(oid: oid, schema: schema, name: name, relkind: relkind, persistence: persistence,
                   replicaIdentity: replident, rowLevelSecurity: rls, options: options, partitionKey: partKey,
                   partitionBound: partBound, parentSchemas: parentSchemas, parentNames: parentNames,
                   foreignServer: server, viewDefinition: viewdef, comment: comment, rowEstimate: reltuples,
                   tableBytes: tableBytes, totalBytes: totalBytes, lastVacuum: lastVacuum,
                   lastAutovacuum: lastAutovacuum, lastAnalyze: lastAnalyze, lastAutoanalyze: lastAutoanalyze,
                   sequentialScans: seqScans)
    }
}
